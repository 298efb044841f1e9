"""Names in the reader's language: exonyms from the table, the model for the rest (cached,
flagged), people as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarize.cli import app
from summarize.language.naming import exonym, local_names, names_to_translate
from summarize.lexicon import gazetteer
from summarize.lexicon.exonyms import EXONYM_TABLE, LANGUAGES
from summarize.records import Mentions, Translation

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _gazetteer_names() -> list[str]:
    names = []
    for line in gazetteer.COUNTRY_TABLE.strip().splitlines():
        country, capital, *_ = line.split("|")
        names += [country, capital] if capital else [country]
    names += [e.split("|")[0].strip() for e in gazetteer.OTHER_PLACES.replace("\n", " ").split(",")]
    names += [line.split("|")[0] for line in gazetteer.ORGANISATION_TABLE.strip().splitlines()]
    return [n for n in names if n]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_gazetteer_name_has_an_exonym(lang: str) -> None:
    missing = [n for n in _gazetteer_names() if exonym(n, lang) is None]
    assert missing == []


def test_the_table_is_well_formed() -> None:
    rows = [line.split("|") for line in EXONYM_TABLE.strip().splitlines()]
    assert all(len(row) == 1 + len(LANGUAGES) for row in rows)
    firsts = [row[0] for row in rows]
    assert len(firsts) == len(set(firsts)), "one row per name"


@pytest.mark.parametrize(
    ("name", "lang", "expected"),
    [
        ("Mosca", "en", "Moscow"),
        ("Mosca", "de", "Moskau"),
        ("Mosca", "fr", "Moscou"),
        ("Mosca", "es", "Moscú"),
        ("Cremlino", "en", "Kremlin"),
        ("Cremlino", "de", "Kreml"),
        ("Pentagono", "en", "Pentagon"),
        ("Stati Uniti", "en", "United States"),
        ("Stati Uniti", "fr", "États-Unis"),
        ("Washington", "de", "Washington"),
        ("Mosca", "it", "Mosca"),
    ],
)
def test_exonyms(name: str, lang: str, expected: str) -> None:
    assert exonym(name, lang) == expected


def test_the_model_names_only_what_the_table_lacks_and_never_people() -> None:
    m = Mentions(["Mario Rossi"], ["Mosca", "Borgo Nuovo"], ["Cremlino", "Ministero della Salute"])
    assert names_to_translate(m, "en") == ["Borgo Nuovo", "Ministero della Salute"]
    assert names_to_translate(m, "it") == []
    translations = {
        "Borgo Nuovo": Translation("Borgo Nuovo", "New Borough."),
        "Ministero della Salute": Translation(
            "Ministero della Salute", "The ministry said on Tuesday that it would review " * 3
        ),
    }
    names = local_names(m, "en", translations)
    assert (
        names["Mario Rossi"].text == "Mario Rossi" and names["Mario Rossi"].origin == "as written"
    )
    assert (names["Mosca"].text, names["Mosca"].origin) == ("Moscow", "gazetteer")
    assert (names["Borgo Nuovo"].text, names["Borgo Nuovo"].origin) == ("New Borough", "model")
    # a runaway "translation" of a name is not a name: the Italian stays
    assert names["Ministero della Salute"].text == "Ministero della Salute"
    assert names["Ministero della Salute"].origin == "as written"


def test_english_seed_briefing_names_places_in_english(tiny_model: Path, tmp_path: Path) -> None:
    out = tmp_path / "en"
    result = CliRunner().invoke(
        app, [str(SEEDS), "--lang", "en", "--model", str(tiny_model), "--beams", "1",
              "--no-cache", "--out", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    briefing = next((out / "briefings").glob("guerra-in-ucraina*.md")).read_text()
    mentioned = briefing.split("## Mentioned", 1)[1].split("\n## ", 1)[0]
    for english in ("Moscow", "Kremlin", "United States", "Pentagon", "White House"):
        assert english in mentioned
    for italian in ("Mosca", "Cremlino", "Stati Uniti", "Pentagono", "Casa Bianca"):
        assert italian not in mentioned
    digest = (out / "digest.md").read_text().split("## Who's who", 1)[1]
    assert "**Kremlin**" in digest and "Cremlino" not in digest
    data = json.loads((out / "digest.json").read_text())
    names = {n["it"]: n for n in data["articles"][0]["names"]}
    assert names["Mosca"] == {"it": "Mosca", "en": "Moscow", "origin": "gazetteer"}
    assert data["articles"][0]["mentions"]["places"][0] in names, "mentions stay Italian"


def test_a_language_without_exonyms_asks_the_model_with_the_cache(
    tiny_model: Path, tmp_path: Path
) -> None:
    """Swedish has no column in the table: every place and organisation goes to the model,
    in the same batch and cache as the sentences, and is flagged in the briefing."""
    seed = SEEDS / "001_bd3492a82530cc41.txt"
    args = [str(seed), "--lang", "sv", "--model", str(tiny_model), "--beams", "1",
            "--cache", str(tmp_path / "cache")]  # fmt: skip
    first = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "a")])
    assert first.exit_code == 0, first.output
    data = json.loads((tmp_path / "a" / "digest.json").read_text())
    article = data["articles"][0]
    places_and_orgs = article["mentions"]["places"] + article["mentions"]["organisations"]
    by_model = [n for n in article["names"] if n["origin"] == "model"]
    assert by_model, "some names come from the model"
    assert {n["it"] for n in article["names"] if n["origin"] != "as written"} <= set(
        places_and_orgs
    )
    briefing = (tmp_path / "a" / article["briefing"]).read_text()
    assert "†" in briefing and "† name translated by the model" in briefing
    again = CliRunner().invoke(app, [*args, "--out", str(tmp_path / "b")])
    assert again.exit_code == 0
    rerun = json.loads((tmp_path / "b" / "digest.json").read_text())
    assert rerun["run"]["translated"] == 0, "names come from the cache the second time"
    assert rerun["articles"][0]["names"] == article["names"]
