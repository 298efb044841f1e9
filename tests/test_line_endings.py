"""Line ends of every kind: an article (text or HTML) whose lines end in CR, CRLF, VT,
FF, the file, group or record separator, NEL, U+2028 or U+2029 is briefed exactly like
its LF twin, with no word cut or joined. Real articles from ../shared/realdata, the real
CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from one_file import brief_one

from summarize.cleaning.clean import clean
from summarize.cleaning.text import LINE_SEPARATORS, unify_line_ends
from summarize.records import Document

REALDATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
needs_realdata = pytest.mark.skipif(
    not REALDATA.is_dir(), reason=f"real pages not available ({REALDATA} is absent)"
)

SEPARATORS = {
    "cr": "\r",
    "crlf": "\r\n",
    "vt": "\x0b",
    "ff": "\x0c",
    "fs": "\x1c",
    "gs": "\x1d",
    "rs": "\x1e",
    "nel": "\x85",
    "ls": "\u2028",
    "ps": "\u2029",
}


def test_every_separator_splitlines_knows_is_unified() -> None:
    knows = [chr(c) for c in range(0x110000) if len(f"a{chr(c)}b".splitlines()) == 2]
    assert sorted(knows) == sorted({*SEPARATORS.values(), "\n"} - {"\r\n"})
    for sep in knows:
        assert unify_line_ends(f"parola{sep}altra") == "parola\naltra"
    assert not LINE_SEPARATORS.search("testo con à, è, ’ e “virgolette”")


def _brief(folder: Path, text: str, name: str = "a.txt") -> str:
    """The Markdown briefing of ``text`` written as ``in/NAME`` under ``folder``."""
    code, output, briefing = brief_one(folder, text.encode("utf-8"), name)
    assert code == 0 and briefing, output
    return briefing


@needs_realdata
def test_an_article_with_any_line_end_is_briefed_like_its_lf_twin(tmp_path: Path) -> None:
    article = (REALDATA / "pages" / "01.dump.txt").read_text(encoding="utf-8")
    twin = _brief(tmp_path / "lf", article)
    differ = {
        name: sep
        for name, sep in SEPARATORS.items()
        if _brief(tmp_path / name, article.replace("\n", sep)) != twin
    }
    assert not differ, f"briefed unlike the LF twin: {sorted(differ)}"


@needs_realdata
def test_an_html_page_with_any_line_end_is_briefed_like_its_lf_twin(tmp_path: Path) -> None:
    """In HTML a line end is white space: every separator reads as one, and those XML
    forbids (VT, FF, the file, group and record separators) no longer crash the parser."""
    page = (REALDATA / "pages" / "02.html").read_text(encoding="utf-8")
    twin = _brief(tmp_path / "lf", page, "a.html")
    differ = {
        name: sep
        for name, sep in SEPARATORS.items()
        if _brief(tmp_path / name, page.replace("\n", sep), "a.html") != twin
    }
    assert not differ, f"briefed unlike the LF twin: {sorted(differ)}"


@needs_realdata
@pytest.mark.parametrize(
    "name", ["pages/02.dump.txt", "pages/05.dump.txt", "summaries/04.txt", "summaries/05.txt"]
)
def test_cleaned_articles_keep_every_word_whatever_the_line_end(name: str) -> None:
    text = (REALDATA / name).read_text(encoding="utf-8")

    def cleaned(body: str) -> tuple[str, list[str]]:
        doc = Document(source=name, path=Path(name), text=body, kind="text", encoding="utf-8")
        article = clean(doc)
        return article.title, article.body_lines()

    twin = cleaned(text)
    for sep_name, sep in SEPARATORS.items():
        assert cleaned(text.replace("\n", sep)) == twin, sep_name


def test_a_nel_between_two_words_keeps_them_apart() -> None:
    """NEL is a control character: dropped before it was read as a line end, it joined
    the words on either side of it; ftfy read it next to an accented letter as cp1252."""
    body = (
        "Il consiglio comunale si è riunito ieri sera per discutere il bilancio e "
        "approvare le nuove regole per il traffico nel centro storico della città, però\x85"
        "nel corso della seduta sono emerse divisioni profonde tra la maggioranza e "
        "l'opposizione, che ha chiesto di rinviare il voto alla prossima settimana.\x85"
    )
    text = "Bilancio comunale, seduta rinviata\x85\x85" + body
    doc = Document(source="a.txt", path=Path("a.txt"), text=text, kind="text", encoding="utf-8")
    words = " ".join(clean(doc).body_lines()).split()
    assert "però" in words and "nel" in words
