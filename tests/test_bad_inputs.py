"""Every bad input a cron job will meet, in one folder, in one run: nothing crashes,
nothing hangs, each file gets the outcome a user would expect, the rest are briefed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarize.cli import app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
ARTICLE = (SEEDS / "001_bd3492a82530cc41.txt").read_text(encoding="utf-8")
TITLE = ARTICLE.splitlines()[0]

ENGLISH = """Heatwave grips southern Europe as temperatures pass 40 degrees

Authorities in Spain, Italy and Greece have issued red alerts as a heatwave pushes temperatures
above 40 degrees Celsius for the third day in a row.

The health ministry said that hospitals had seen a rise in admissions for heatstroke, and it asked
people to avoid going out during the hottest hours of the day and to check on elderly neighbours.

Forecasters expect the heat to ease at the weekend, when a band of storms is due to cross the
region from the west, bringing some relief but also the risk of flash floods in the mountains.
"""

GERMAN = """Hitzewelle in Südeuropa: Temperaturen über 40 Grad

Die Behörden in Spanien, Italien und Griechenland haben die höchste Warnstufe ausgerufen, weil
die Temperaturen den dritten Tag in Folge über 40 Grad Celsius steigen.

Das Gesundheitsministerium teilte mit, dass die Krankenhäuser mehr Patienten mit Hitzschlag
aufnehmen, und bat die Menschen, in den heißesten Stunden des Tages nicht aus dem Haus zu gehen.

Die Meteorologen erwarten, dass die Hitze am Wochenende nachlässt, wenn eine Gewitterfront aus
dem Westen über die Region zieht und Abkühlung, aber auch die Gefahr von Sturzfluten bringt.
"""

BOILERPLATE = """Home » Cronaca
Accedi
Abbonati
Cookie policy
Privacy
Seguici su Facebook
Seguici su Instagram
Newsletter
Tutti i diritti riservati
"""

EVIL_TITLE = "../../Attacco <script>alert(1)</script> [link](http://x.example) 🔥 # *Roma* / ../"


def _retitled(title: str) -> str:
    return ARTICLE.replace(TITLE, title, 1)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, object]:  # type: ignore[type-arg]
    root = tmp_path_factory.mktemp("bad")
    inputs = root / "in"
    inputs.mkdir()
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace.txt": b"  \n\n\t \r\n   ",
        "binary.txt": bytes(range(256)) * 64,
        "cp1252.txt": _retitled("Perché la città è già in crisi").encode("cp1252"),
        "latin1.txt": _retitled("Più tasse per la società di Forlì")
        .translate(str.maketrans("’“”", '\'""'))
        .encode("latin-1"),
        "utf16.txt": _retitled("Il sindaco di Bari presenta il nuovo piano per il porto").encode(
            "utf-16"
        ),
        "mixed-endings.txt": _retitled(
            "Sciopero dei treni, il governo convoca i sindacati per domani"
        )
        .replace("\n", "\r\n", 5)
        .replace("\n", "\r", 3)
        .encode("utf-8"),
        "one-line.txt": (" ".join(ARTICLE.split()) * 8)[:20000].encode("utf-8"),
        "boilerplate.txt": BOILERPLATE.encode("utf-8"),
        "english.txt": ENGLISH.encode("utf-8"),
        "german.txt": GERMAN.encode("utf-8"),
        "evil-title.txt": _retitled(EVIL_TITLE).encode("utf-8"),
        "control.txt": _retitled(
            "Caratteri\x07 di\x1b[31m controllo\x00 nel titolo di un articolo di cronaca"
        ).encode("utf-8"),
    }
    for name, data in files.items():
        (inputs / name).write_bytes(data)
    spaced = inputs / "cartella con spazi è"
    spaced.mkdir()
    (spaced / "articolo è più.txt").write_text(
        _retitled("Neve sulle Alpi, chiusi tre passi e strade in Valtellina"), encoding="utf-8"
    )
    with (inputs / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (inputs / "loop").symlink_to(inputs, target_is_directory=True)
    (inputs / "dangling.txt").symlink_to(inputs / "gone.txt")
    out = root / "out"
    (out).mkdir()
    (out / "digest.md").write_text("previous digest")
    result = CliRunner().invoke(app, [str(inputs), "--lang", "it", "--out", str(out)])
    data = json.loads((out / "digest.json").read_text())
    return out, data, result


def _errors(data: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {Path(e["source"]).name: e["error"] for e in data["errors"]}


def _articles(data: dict) -> dict[str, dict]:  # type: ignore[type-arg]
    return {Path(a["source"]).name: a for a in data["articles"]}


def test_the_run_finishes_with_exit_1_and_a_new_digest(run) -> None:  # type: ignore[no-untyped-def]
    out, _, result = run
    assert result.exit_code == 1, result.output + result.stderr
    assert (out / "digest.md").read_text() != "previous digest"
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("empty.txt", "file is empty"),
        ("whitespace.txt", "file is empty"),
        ("binary.txt", "binary file"),
        ("huge.txt", "over the 5 MB limit"),
        ("boilerplate.txt", "no article text found"),
        ("dangling.txt", "cannot read"),
    ],
)
def test_refused_files_are_listed_with_a_reason(run, name: str, problem: str) -> None:  # type: ignore[no-untyped-def]
    out, data, result = run
    assert problem in _errors(data)[name]
    assert name in (out / "digest.md").read_text()
    assert name in result.stderr


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("cp1252.txt", "Perché la città è già in crisi"),
        ("latin1.txt", "Più tasse per la società di Forlì"),
        ("utf16.txt", "Il sindaco di Bari presenta il nuovo piano per il porto"),
        ("mixed-endings.txt", "Sciopero dei treni, il governo convoca i sindacati per domani"),
        ("articolo è più.txt", "Neve sulle Alpi, chiusi tre passi e strade in Valtellina"),
    ],
)
def test_encodings_and_odd_paths_are_briefed(run, name: str, title: str) -> None:  # type: ignore[no-untyped-def]
    out, data, _ = run
    article = _articles(data)[name]
    assert article["title"]["it"] == title
    assert "\r" not in article["text"]
    assert (out / article["briefing"]).is_file()


def test_the_path_is_reported_as_given(run) -> None:  # type: ignore[no-untyped-def]
    _, data, _ = run
    assert any(
        a["source"].endswith("cartella con spazi è/articolo è più.txt") for a in data["articles"]
    )


def test_one_long_line_does_not_hang_and_gets_an_outcome(run) -> None:  # type: ignore[no-untyped-def]
    _, data, _ = run
    assert "one-line.txt" in _articles(data) or "one-line.txt" in _errors(data)


@pytest.mark.parametrize(
    ("name", "language"), [("english.txt", "English"), ("german.txt", "German")]
)
def test_foreign_articles_pass_with_a_warning(run, name: str, language: str) -> None:  # type: ignore[no-untyped-def]
    out, data, _ = run
    article = _articles(data)[name]
    assert any(f"looks {language}, not Italian" in w for w in article["warnings"])
    assert f"looks {language}" in (out / article["briefing"]).read_text()


def test_hostile_title_stays_inside_out_and_inert(run) -> None:  # type: ignore[no-untyped-def]
    out, data, _ = run
    article = _articles(data)["evil-title.txt"]
    path = (out / article["briefing"]).resolve()
    assert path.parent == (out / "briefings").resolve()
    assert re.fullmatch(r"briefings/[a-z0-9-]+\.md", article["briefing"])
    text = path.read_text()
    assert "<script>" not in text
    assert "](http" not in text
    heading = text.splitlines()[0]
    assert heading.startswith("# ") and "\\<script\\>" in heading


def test_control_characters_never_reach_the_output(run) -> None:  # type: ignore[no-untyped-def]
    out, data, _ = run
    article = _articles(data)["control.txt"]
    for text in (article["title"]["it"], (out / article["briefing"]).read_text()):
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", text)


def test_every_input_has_exactly_one_outcome(run) -> None:  # type: ignore[no-untyped-def]
    _, data, _ = run
    names = list(_articles(data)) + list(_errors(data))
    assert len(names) == len(set(names))
    assert len(names) == 16
