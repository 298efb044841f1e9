"""Hard-wrapped text (terminal browsers, e-mail, PDFs) re-flowed before cleaning, and
the headlines of text dumps. The wrapped dumps are made by running w3m and lynx on real
pages in the test (skipped, with the reason, when a browser is not installed): a page
dumped at 80 or 200 columns must clean as well as the same page unwrapped."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from devtools.wordscore import prf, words
from summarize.cleaning.clean import clean
from summarize.cleaning.options import CleanOptions
from summarize.cleaning.reflow import join_split_blocks, reflow, wrap_width
from summarize.records import Document

REALDATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
GAP = 0.02
"""Wrapped and unwrapped dumps of a page score within this body F1 of each other."""
FLOOR = 0.95


def f1(got: str, want: str) -> float:
    return prf(words(got), words(want))[2]


def dump(command: list[str], page: Path, tmp: Path) -> Document:
    out = subprocess.run([*command, str(page)], capture_output=True, timeout=60, check=True)
    path = tmp / f"{page.stem}.{command[0]}.{len(list(tmp.iterdir()))}.txt"
    path.write_bytes(out.stdout)
    return Document(path.name, path, out.stdout.decode("utf-8", "replace"), "text", "utf-8")


BROWSERS = {
    "w3m": lambda cols: ["w3m", "-dump", "-cols", str(cols), "-T", "text/html", "-O", "UTF-8"],
    "lynx": lambda cols: [
        "lynx", "-dump", "-nolist", "-force_html", "-width", str(min(cols, 1024)),
        "-display_charset=utf-8",
    ],
}  # fmt: skip


@pytest.mark.parametrize("browser", sorted(BROWSERS))
def test_real_pages_wrapped_at_80_and_200_columns_clean_like_unwrapped(
    browser: str, tmp_path: Path
) -> None:
    if shutil.which(browser) is None:
        pytest.skip(f"{browser} is not installed (apt install {browser})")
    pages = sorted((REALDATA / "pages").glob("*.gold.txt"))
    if not pages:
        pytest.skip(f"real pages not available ({REALDATA} is absent)")
    rows = []
    for gold in pages:
        key = gold.name.split(".")[0]
        html = REALDATA / "pages" / f"{key}.html"
        want = (REALDATA / "pages" / f"{key}.title.txt").read_text() + "\n" + gold.read_text()
        scores = {}
        for cols in (80, 200, 100000):
            article = clean(dump(BROWSERS[browser](cols), html, tmp_path))
            scores[cols] = f1("\n".join(article.kept_lines()), want)
        rows.append((key, scores))
    print(f"\n{browser}: page, body F1 at 80 / 200 / unbounded columns")
    for key, s in rows:
        print(f"  {key}  {s[80]:.3f}  {s[200]:.3f}  {s[100000]:.3f}")
    for cols in (80, 200):
        mean = sum(s[cols] for _, s in rows) / len(rows)
        print(f"  mean at {cols}: {mean:.3f}")
        assert mean >= FLOOR
    assert all(abs(s[c] - s[100000]) <= GAP for _, s in rows for c in (80, 200))


def greedy_wrap(paragraph: str, width: int, indent: str = "") -> list[str]:
    lines, line = [], indent
    for word in paragraph.split():
        if line.strip() and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = indent + word
        else:
            line = f"{line} {word}" if line.strip() else indent + word
    return [*lines, line]


PARAGRAPHS = [
    "Il consiglio comunale ha approvato ieri sera il nuovo piano del traffico dopo una "
    "discussione durata più di sei ore, con il voto favorevole della maggioranza.",
    "Le opposizioni hanno chiesto di rinviare la decisione a dopo l'estate, sostenendo che "
    "i commercianti del centro storico non erano stati ascoltati abbastanza.",
    "Dal primo settembre le zone pedonali saranno allargate e nuove corsie per gli autobus "
    "correranno lungo i viali; i parcheggi vicino alle mura resteranno gratuiti la domenica.",
]


@pytest.mark.parametrize(("width", "indent"), [(40, ""), (72, ""), (80, "   "), (200, "")])
def test_greedy_wraps_at_any_width_are_found_and_joined(width: int, indent: str) -> None:
    long = " ".join(PARAGRAPHS * 3)
    lines = []
    for paragraph in [*PARAGRAPHS, long]:
        lines += [*greedy_wrap(paragraph, width, indent), ""]
    opts = CleanOptions()
    assert wrap_width(lines, opts) is not None
    assert [line.strip() for line in reflow(lines, opts) if line.strip()] == [*PARAGRAPHS, long]


def test_one_paragraph_a_line_is_left_alone_even_at_equal_lengths() -> None:
    same = [f"Paragrafo {n}: " + PARAGRAPHS[0] for n in range(10, 16)]
    assert len({len(line) for line in same}) == 1
    opts = CleanOptions()
    for lines in (same, [x for line in same for x in (line, "")], PARAGRAPHS):
        assert wrap_width(lines, opts) is None
        assert reflow(lines, opts) == list(lines)


def test_list_items_headings_and_hyphens() -> None:
    wrapped = [
        "Le misure approvate dal consiglio comunale riguardano soprattutto il",
        "centro storico e i viali, e sono state discusse per settimane con le asso-",
        "ciazioni dei commercianti e dei residenti del quartiere.",
        "  • prima misura: le zone pedonali vengono allargate a tutto il centro e alle",
        "    vie vicine alle mura",
        "  • seconda misura: nuove corsie",
        "",
    ]
    out = reflow(wrapped, CleanOptions())
    assert out[0].endswith("con le associazioni dei commercianti e dei residenti del quartiere.")
    assert out[1].strip() == (
        "• prima misura: le zone pedonali vengono allargate a tutto il centro e alle "
        "vie vicine alle mura"
    )
    assert out[2].strip() == "• seconda misura: nuove corsie"


def test_a_headline_over_two_lines_and_a_question_mark_touching_the_next_word() -> None:
    lines = ["", "Il male oscuro", "che affligge la sinistra", "", "Fare la mamma?A volte no"]
    assert join_split_blocks(lines, 35) == [
        "",
        "Il male oscuro che affligge la sinistra",
        "",
        "Fare la mamma? A volte no",
    ]
    url = ["https://esempio.it/pagina?Id=3 e index.php?Cerca"]
    assert join_split_blocks(url, 35) == url


BODY = [
    "Il male oscuro che affligge la sinistra italiana è la distanza dagli elettori delle "
    "periferie, dice uno studio dell'università di Bologna pubblicato ieri.",
    "Secondo gli autori la sinistra ha perso in dieci anni quasi metà dei voti nei quartieri "
    "popolari delle grandi città, mentre li ha conservati nei centri storici.",
    "Il male, scrivono, non è nuovo: i primi segnali risalgono alle elezioni del 2008, quando "
    "l'affluenza nelle periferie cominciò a scendere più che altrove.",
    "Lo studio propone di misurare la distanza con un indice che tiene conto di reddito, "
    "istruzione e partecipazione al voto, quartiere per quartiere.",
]


@pytest.mark.parametrize(
    "furniture",
    [
        ["Per continuare la navigazione devi scollegare un'altra sessione", ""],
        ["Star Wars News Italia", ""],
        ["Il Venerdì La Repubblica", ""],
        ["L'economia", ""],
    ],
)
def test_dump_headline_not_taken_from_interface_site_name_or_section(
    furniture: list[str], tmp_path: Path
) -> None:
    text = "\n".join(
        [*furniture, "Il male oscuro", "che affligge la sinistra", "", *BODY[:1], "", *BODY[1:]]
    )
    path = tmp_path / "dump.txt"
    path.write_text(text, encoding="utf-8")
    article = clean(Document("dump.txt", path, text, "text", "utf-8"))
    assert article.title == "Il male oscuro che affligge la sinistra", article.title_reasons


def test_a_short_html_article_keeps_the_headline_its_page_states() -> None:
    """realdata/titles/29, a video page with one paragraph: the line above the paragraph
    is a date glued to the headline; the page's h1 states the headline itself."""
    page = REALDATA / "titles" / "29.html"
    if not page.exists():
        pytest.skip(f"real pages not available ({REALDATA} is absent)")
    from summarize.inputs.sources import Candidate, read_document

    article = clean(read_document(Candidate("29.html", page)))
    assert article.title == (REALDATA / "titles" / "29.title.txt").read_text().strip()


@pytest.mark.parametrize(
    "key",
    [
        "23",  # the magazine's name ("Il Venerdì La Repubblica") over the headline
        "28",  # the headline repeated over the article's video, a kicker under it
    ],
)
def test_real_dump_headlines_not_a_name_nor_a_kicker(key: str, tmp_path: Path) -> None:
    if shutil.which("w3m") is None:
        pytest.skip("w3m is not installed (apt install w3m)")
    page = REALDATA / "titles" / f"{key}.html"
    if not page.exists():
        pytest.skip(f"real pages not available ({REALDATA} is absent)")
    want = (REALDATA / "titles" / f"{key}.title.txt").read_text(encoding="utf-8").strip()
    for cols in (80, 100000):
        article = clean(dump(BROWSERS["w3m"](cols), page, tmp_path))
        assert f1(article.title, want) >= 0.8, (cols, article.title, article.title_reasons)


def test_a_session_message_opening_the_dump_is_not_the_headline(tmp_path: Path) -> None:
    """A dump opening on the page's session message, then a long headline with no
    standfirst: the message was taken as the headline (the standfirst rule)."""
    headline = (
        "Il male oscuro che affligge la sinistra italiana è la distanza dagli elettori "
        "delle periferie"
    )
    message = "Per continuare la navigazione devi scollegare un'altra sessione"
    text = "\n".join([message, "", headline, "", *BODY[:1], "", *BODY[1:]])
    article = clean(Document("dump.txt", tmp_path / "dump.txt", text, "text", "utf-8"))
    assert article.title == headline, article.title_reasons


@pytest.mark.parametrize(
    "rule",
    ["━" * 80, "─" * 79, ("* " * 40).strip(), "=" * 78, "·" * 80],
    ids=["heavy", "light", "stars", "equals", "dots"],
)
def test_a_rule_neither_wraps_nor_is_wrapped(rule: str) -> None:
    """A rule drawn as wide as the text right above a line (a terminal browser's box
    border) stays a line of its own: the text under it does not continue it."""
    lines = [*greedy_wrap(PARAGRAPHS[0], 80), "", rule, "Segui Non seguire più Chiudi", ""]
    lines += [*greedy_wrap(PARAGRAPHS[1], 80), ""]
    out = [line.strip() for line in reflow(lines, CleanOptions()) if line.strip()]
    assert out == [PARAGRAPHS[0], rule, "Segui Non seguire più Chiudi", PARAGRAPHS[1]]
