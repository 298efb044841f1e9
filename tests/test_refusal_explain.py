"""Refusals that explain themselves: ``--explain`` shows a refused article line by line
as it shows a briefed one, a refusal names the gate that refused it with what that
gate counted, and a line broken before its full stop (``. Domani...``) refuses nothing.
Real articles from ../shared/realdata, the real CLI."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarize.cleaning.clean import CleanOptions, _rejection, clean
from summarize.cleaning.text import attach_stray_marks
from summarize.cli import app
from summarize.errors import NotAnArticle
from summarize.records import Article, Block, Document

REALDATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
needs_realdata = pytest.mark.skipif(
    not REALDATA.is_dir(), reason=f"real pages not available ({REALDATA} is absent)"
)


def _brief(folder: Path, files: dict[str, str], *args: str) -> tuple[int, str, dict[str, str]]:
    """Exit code, output and Markdown briefings of ``files`` written under ``folder/in``."""
    for name, text in files.items():
        (folder / "in" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "in" / name).write_text(text, encoding="utf-8")
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(app, ["in", "--lang", "it", "--out", "out", *args])
    finally:
        os.chdir(cwd)
    made = {p.name: p.read_text(encoding="utf-8") for p in (folder / "out").glob("briefings/*.md")}
    return result.exit_code, result.output, made


def _clean(text: str) -> tuple[str, list[str]]:
    doc = Document(source="a.txt", path=Path("a.txt"), text=text, kind="text", encoding="utf-8")
    article = clean(doc)
    return article.title, article.body_lines()


# --- a stray full stop ----------------------------------------------------------------


@needs_realdata
@pytest.mark.parametrize("name", ["01.txt", "03.txt"])
def test_an_article_opening_with_a_stray_period_is_briefed(tmp_path: Path, name: str) -> None:
    """A one-paragraph article without a headline took its title from its opening
    sentence, which was the lone ``.``: no title, and the article was refused."""
    text = (REALDATA / "summaries" / name).read_text(encoding="utf-8")
    code, output, twin = _brief(tmp_path / "plain", {"a.txt": text})
    assert code == 0, output
    code, output, made = _brief(tmp_path / "stray", {"a.txt": ". " + text})
    assert code == 0, output
    assert made == twin


@needs_realdata
def test_a_paragraph_broken_before_its_full_stop_reads_as_if_it_were_not() -> None:
    """Every paragraph in turn of a real article gives its full stop to the next one."""
    gold = REALDATA / "pages" / "01.gold.txt"
    title = (REALDATA / "pages" / "01.title.txt").read_text(encoding="utf-8").strip()
    paragraphs = [p for p in gold.read_text(encoding="utf-8").split("\n") if p.strip()]
    twin = _clean("\n\n".join([title, *paragraphs]))
    moved = 0
    for i in range(1, len(paragraphs)):
        if not paragraphs[i - 1].endswith("."):
            continue
        broken = list(paragraphs)
        broken[i - 1] = broken[i - 1][:-1]
        broken[i] = ". " + broken[i]
        assert _clean("\n\n".join([title, *broken])) == twin, f"paragraph {i}"
        moved += 1
    assert moved >= 5


def test_stray_marks_go_back_to_the_line_above() -> None:
    assert attach_stray_marks(["Il voto è rinviato", ". Domani si decide"]) == [
        "Il voto è rinviato.",
        "Domani si decide",
    ]
    # the line above already ends its sentence: the mark is dropped, not doubled
    assert attach_stray_marks(["Fine.", "", "; e poi"]) == ["Fine.", "", "e poi"]
    assert attach_stray_marks(["Testo", "  .", "altro"]) == ["Testo.", "altro"]
    # an ellipsis opens a line on purpose, and a decimal is a number
    assert attach_stray_marks(["Testo", "... e poi", ".5 per cento"]) == [
        "Testo",
        "... e poi",
        ".5 per cento",
    ]


# --- the refusal says its real reason -----------------------------------------------------


def test_a_refusal_counts_what_its_gate_counted() -> None:
    """A page too short says how many words of prose it had, and that is fewer than the
    article needs: the message never counts enough prose and refuses for want of it."""
    text = "Home\nMenu\nAccedi\n\nUna frase breve che non basta a fare un articolo.\n"
    with pytest.raises(NotAnArticle) as refused:
        _clean(text)
    found = re.search(r"(\d+) words of prose where an article needs (\d+)", refused.value.problem)
    assert found is not None, refused.value.problem
    assert int(found.group(1)) < int(found.group(2))
    assert refused.value.article is not None and refused.value.article.dropped


def test_enough_prose_without_a_title_is_not_called_too_little_prose() -> None:
    prose = " ".join(["parola"] * 217)
    article = Article(source="a.txt", title="", blocks=[Block(kind="paragraph", text=prose)])
    said = _rejection(article, CleanOptions(), too_short=False)
    assert "no title found" in said and "217 words of prose" in said
    assert "where an article needs" not in said


# --- --explain on refusals --------------------------------------------------------------


@needs_realdata
def test_explain_shows_refused_articles_line_by_line(tmp_path: Path) -> None:
    listing = (REALDATA / "nonarticle" / "002" / "dump.txt").read_text(encoding="utf-8")
    short = "Home\nMenu\nAccedi\n\nUna frase breve che non basta a fare un articolo.\n"
    article = (REALDATA / "pages" / "04.dump.txt").read_text(encoding="utf-8")
    files = {"list.txt": listing, "short.txt": short, "article.txt": article}
    code, output, made = _brief(tmp_path, files, "--explain")
    assert code == 1 and len(made) == 1, output
    lines = output.splitlines()
    for name, gate in (
        ("in/short.txt", "words of prose where an article needs"),
        ("in/list.txt", "headlines, not an article"),
    ):
        (head,) = [i for i, line in enumerate(lines) if line.startswith(f"{name}: refused")]
        assert gate in lines[head], lines[head]
        explained = []
        for line in lines[head + 1 :]:
            if not line.startswith("  "):
                break
            explained.append(line)
        assert any(line.startswith("  - [") for line in explained), (name, explained)
    short_lines = "\n".join(lines)
    assert "  - [login or subscription prompt] Accedi" in short_lines
    assert any(line.startswith("in/article.txt: kept") for line in lines)


def test_explain_stays_out_of_a_run_without_it(tmp_path: Path) -> None:
    short = "Home\nMenu\nAccedi\n\nUna frase breve che non basta a fare un articolo.\n"
    code, output, _ = _brief(tmp_path, {"short.txt": short})
    assert code == 1
    assert "refused (" not in output and "run with --explain to see why" in output
