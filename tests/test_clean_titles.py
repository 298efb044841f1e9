"""The headline: from HTML metadata, and from the title model on text dumps.

Each case is a failure seen on real pages: a browser banner, a share button,
a photo or video caption, a live-score ticker, a kicker or a standfirst taken as the
title; a drop cap split from its word; a title set in capitals; ``<title>`` carrying
the site's name. The pages here are written for the test in the shapes those real
pages have, not copied from them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarize.cleaning.clean import clean
from summarize.cleaning.cues import REASON_RULE
from summarize.cleaning.lines import features, flag
from summarize.cleaning.metadata import page_metadata, strip_site, title_variants
from summarize.cleaning.options import CleanOptions
from summarize.cleaning.text import RawLine
from summarize.cleaning.title import fallback_title, restore_case
from summarize.cli import app
from summarize.lexicon.stopwords import ITALIAN_STOPWORDS
from summarize.records import Document

BODY = [
    "Il consiglio comunale di Parma ha approvato ieri sera il nuovo piano del traffico, che "
    "entrerà in vigore dal primo settembre e cambierà la circolazione nel centro storico.",
    "Secondo l'assessore alla Mobilità, le nuove zone pedonali ridurranno lo smog di un "
    "quinto nei prossimi due anni, mentre i commercianti del centro temono un calo dei clienti.",
    "Le opposizioni hanno votato contro il piano del traffico e chiedono un referendum, "
    "sostenendo che i residenti non sono stati ascoltati durante la sua preparazione.",
]
TITLE = "Parma, approvato il piano del traffico: centro storico pedonale da settembre"
MENU = ["Home", "Cronaca", "Politica", "Sport", "Meteo", "Abbonati"]


def _text(lines: list[str]) -> Document:
    return Document("dump.txt", Path("dump.txt"), "\n".join(lines), "text", "utf-8")


def _html(markup: str) -> Document:
    return Document("page.html", Path("page.html"), markup, "html", "utf-8")


def test_browser_banner_is_not_the_title() -> None:
    banner = (
        "Stai utilizzando Internet Explorer: è un browser molto vecchio, non sicuro, e non "
        "più supportato."
    )
    article = clean(_text([*MENU, banner, TITLE, *BODY]))
    assert article.title == TITLE
    assert banner not in article.kept_lines()


def test_share_button_and_caption_lose_to_the_headline() -> None:
    lines = [
        *MENU,
        "0Email this to someone",
        TITLE,
        "Il tratto di via Mazzini interessato dal piano del traffico (Ansa)",
        *BODY,
    ]
    article = clean(_text(lines))
    assert article.title == TITLE
    assert any("runner-up" in reason for reason in article.title_reasons)


def test_video_caption_under_the_title_is_not_the_title() -> None:
    lines = [*MENU, TITLE, "Il servizio del nostro inviato a Parma", *BODY]
    assert clean(_text(lines)).title == TITLE


def test_live_score_ticker_is_furniture() -> None:
    lines = [
        *MENU,
        "Juventus 3 - 2 Inter | FINALE",
        "Roma 1 - 1 Lazio 78'",
        TITLE,
        *BODY,
    ]
    article = clean(_text(lines))
    assert article.title == TITLE
    assert any(d.reason == "live score ticker" for d in article.dropped)


def test_short_title_above_its_standfirst_wins() -> None:
    standfirst = (
        "Il consiglio comunale approva il piano del traffico: centro pedonale da settembre e "
        "referendum chiesto dalle opposizioni"
    )
    article = clean(_text([*MENU, "Giovedì niente, da copione", standfirst, *BODY]))
    assert article.title == "Giovedì niente, da copione"
    assert article.lede == standfirst


def test_kicker_above_the_title_is_not_the_title() -> None:
    article = clean(_text([*MENU, "Piano del traffico", TITLE, *BODY]))
    assert article.title == TITLE


def test_title_restated_by_a_breadcrumb_is_still_the_title() -> None:
    lines = ["Home", f"• {TITLE}", "Cronaca", TITLE, *BODY]
    assert clean(_text(lines)).title == TITLE


def test_title_in_capitals_gets_its_case_back_from_the_body() -> None:
    article = clean(_text([*MENU, TITLE.upper(), *BODY]))
    assert article.title == (
        "Parma, approvato il piano del traffico: centro storico pedonale da settembre"
    )
    assert restore_case("Già in minuscolo", BODY) == "Già in minuscolo"


def test_drop_cap_is_joined_to_its_word() -> None:
    lines = [*MENU, TITLE, "I", "l " + BODY[0].removeprefix("Il "), *BODY[1:]]
    article = clean(_text(lines))
    assert article.body_lines()[0].startswith("Il consiglio comunale")
    capital = clean(_text([*MENU, "P", TITLE.upper()[1:], *BODY]))
    assert capital.title.startswith("Parma, approvato")


def test_html_title_comes_from_json_ld_and_h1_not_the_suffixed_title() -> None:
    markup = f"""<html><head><title>{TITLE} - Gazzetta di Parma</title>
    <meta property="og:title" content="{TITLE} - Gazzetta di Parma">
    <meta property="og:site_name" content="Gazzetta di Parma">
    <meta property="og:url" content="https://www.gazzetta.example/parma/traffico">
    <link rel="canonical" href="https://www.gazzetta.example/parma/traffico-piano">
    <script type="application/ld+json">{{"@type": "NewsArticle",
     "headline": "{TITLE}"}}</script></head>
    <body><nav><a href="/">Home</a></nav><article><h1>{TITLE}</h1>
    {"".join(f"<p>{p}</p>" for p in BODY)}</article></body></html>"""
    article = clean(_html(markup))
    assert article.title == TITLE
    assert article.site == "Gazzetta di Parma"
    assert article.url == "https://www.gazzetta.example/parma/traffico-piano"
    assert article.title_reasons[0].startswith("title from the article's h1")


def test_site_name_is_stripped_even_when_the_page_does_not_declare_it() -> None:
    markup = f"""<html><head><title>{TITLE} | Cronaca Emilia</title></head>
    <body><div>{TITLE}</div>{"".join(f"<p>{p}</p>" for p in BODY)}</body></html>"""
    assert clean(_html(markup)).title == TITLE


def test_section_page_cards_fall_through_to_the_first_headline_h1() -> None:
    meta = page_metadata(
        """<html><head><meta property="og:title" content="Serie A - Sport - Repubblica.it">
        <meta property="og:site_name" content="La Repubblica"></head><body>
        <h1 class="assistive">Menu di navigazione</h1><h1>Sport</h1>
        <h1><a href="/x">Lazio, Leiva: "Non pensavo di lottare per lo scudetto"</a></h1>
        </body></html>"""
    )
    assert meta.title == 'Lazio, Leiva: "Non pensavo di lottare per lo scudetto"'


def test_strip_site_and_variants() -> None:
    assert strip_site("Proof of Stake e Oltre - TC Newsnet", ["TC Newsnet"]) == (
        "Proof of Stake e Oltre"
    )
    assert strip_site("Corriere.it | Meloni a Mar-a-Lago", []) == "Meloni a Mar-a-Lago"
    assert strip_site("Morte Carter, le reazioni", ["la Repubblica"]) == (
        "Morte Carter, le reazioni"
    )
    assert "Headline lunga" in title_variants("Headline lunga - Sito")


def test_explain_prints_the_title_and_its_runners_up(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "dump.txt").write_text("\n".join([*MENU, TITLE, *BODY]), encoding="utf-8")
    result = CliRunner().invoke(
        app, [str(folder), "--lang", "it", "--out", str(tmp_path / "out"), "--explain"]
    )
    assert result.exit_code == 0, result.output
    assert "* [title (+" in result.output
    assert TITLE in result.output


def test_a_plain_text_opens_on_its_title_even_with_no_word_in_common() -> None:
    standfirst = (
        "Il consiglio comunale approva il piano del traffico: centro pedonale da settembre e "
        "referendum chiesto dalle opposizioni in consiglio"
    )
    headline = "Neve sulle Alpi, chiusi tre passi e strade in Valtellina"
    article = clean(_text([headline, standfirst, *BODY]))
    assert article.title == headline
    assert article.lede == standfirst
    menu_first = clean(_text(["Servizi Annunci Guida Tv Lavoro Meteo", TITLE, standfirst, *BODY]))
    assert menu_first.title == TITLE


RULES = ["━" * 60, "─" * 80, "═══ ═══", "* * *", "-----", "•••", "___", "~ ~ ~"]


@pytest.mark.parametrize("rule", RULES, ids=range(len(RULES)))
def test_a_line_of_rule_characters_is_never_a_title(rule: str) -> None:
    """A line made only of box-drawing, rule or punctuation marks has no word: it is
    dropped as page furniture and gives no fallback title."""
    line = features(RawLine(rule), ITALIAN_STOPWORDS)
    assert flag(line, CleanOptions()) == REASON_RULE
    assert fallback_title(rule, CleanOptions()) == ""
    doc = Document("d.txt", Path("d.txt"), "\n\n".join([rule, *BODY, rule]), "text", "utf-8")
    article = clean(doc)
    assert any(ch.isalpha() for ch in article.title), article.title
    assert rule not in article.title
    assert all(block.text != rule for block in article.blocks)
