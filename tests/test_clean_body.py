"""The body on real-world shapes: teasers of other stories after the article,
an inline "Leggi anche" link, a listicle in HTML, a one-paragraph article, paragraphs a
text browser wrapped at 400 columns, and why a page with no article is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize.cleaning.clean import clean
from summarize.errors import NotAnArticle
from summarize.records import Document

TITLE = "Lecco, stop ai camion in via Appiano fino a marzo: l'ordinanza del sindaco"
BODY = [
    "Da lunedì i camion non potranno più attraversare via Appiano nelle ore di punta. Lo "
    "prevede l'ordinanza firmata ieri dal sindaco, che vieta il transito ai mezzi pesanti.",
    "La decisione arriva dopo mesi di segnalazioni dei residenti di via Appiano, che "
    "lamentavano vibrazioni nelle case e code continue di camion davanti alle scuole.",
    "Gli autotrasportatori contestano l'ordinanza del sindaco. La loro associazione parla di "
    "costi aggiuntivi per decine di aziende e chiede un incontro urgente in prefettura.",
]
TEASERS = [
    "Incendio in un capannone a Valmadrera, nessun ferito ma danni ingenti alla struttura.",
    "Al teatro della Società torna il festival del cinema di montagna con quaranta film.",
    "Un escursionista di sessant'anni è stato soccorso sul Resegone dopo una caduta.",
]


def _text(lines: list[str]) -> Document:
    return Document("dump.txt", Path("dump.txt"), "\n".join(lines), "text", "utf-8")


def _html(markup: str) -> Document:
    return Document("page.html", Path("page.html"), markup, "html", "utf-8")


@pytest.mark.parametrize("cue", [[], ["Altre notizie"], ["Condividi", "Facebook"]])
def test_teasers_of_other_stories_after_the_body_are_dropped(cue: list[str]) -> None:
    separator = cue or ["Tag", "trasporti"]
    article = clean(_text(["Cronaca", TITLE, *BODY, *separator, *TEASERS]))
    assert article.body_lines() == BODY
    teasers = [d for d in article.dropped if d.line in TEASERS]
    assert len(teasers) == 3
    assert all("teaser of another story" in d.reason for d in teasers)


def test_one_teaser_needs_a_cue_and_the_article_own_ending_stays() -> None:
    closing = "Sabato prossimo la Lecco-Bergamo sarà chiusa per lavori fino a sera."
    article = clean(_text(["Cronaca", TITLE, *BODY, closing]))
    assert article.body_lines() == [*BODY, closing]
    cued = clean(_text(["Cronaca", TITLE, *BODY, "Potrebbe interessarti", TEASERS[0]]))
    assert cued.body_lines() == BODY


def test_inline_leggi_anche_drops_the_link_and_keeps_the_next_paragraph() -> None:
    link = "Leggi anche: Camion in centro, la mappa dei divieti quartiere per quartiere"
    article = clean(_text(["Cronaca", TITLE, BODY[0], link, BODY[1], BODY[2]]))
    assert article.body_lines() == BODY
    assert any(d.line == link for d in article.dropped)


def test_html_inline_leggi_anche_keeps_the_paragraph_after_it() -> None:
    markup = f"""<html><head><title>{TITLE}</title></head><body><div class="content">
    <h1>{TITLE}</h1><p>{BODY[0]}</p>
    <p><strong>Leggi anche:</strong> <a href="/x">Camion in centro, la mappa dei divieti</a></p>
    <p>{BODY[1]}</p><p>{BODY[2]}</p></div></body></html>"""
    article = clean(_html(markup))
    assert article.body_lines() == BODY


def test_html_listicle_items_are_body() -> None:
    items = "".join(
        f"<h2>{n}. Modello {name} da {litres} litri</h2>"
        f"<p>Un modello {adjective}, con un cestello facile da lavare e un display chiaro. "
        f'<a href="https://shop.example/{n}">Vedi l\'offerta su Amazon</a></p>'
        for n, (name, litres, adjective) in enumerate(
            [("Alfa", 4, "equilibrato"), ("Beta", 5, "silenzioso"), ("Gamma", 3, "economico")],
            start=1,
        )
    )
    intro = (
        "Le friggitrici ad aria sono diventate uno degli elettrodomestici più venduti in "
        "Italia. Abbiamo provato i modelli più diffusi per due settimane."
    )
    markup = f"""<html><head><title>Le migliori friggitrici ad aria</title></head><body>
    <article><h1>Le migliori friggitrici ad aria del 2025</h1><p>{intro}</p>{items}
    </article></body></html>"""
    article = clean(_html(markup))
    kept = "\n".join(article.body_lines())
    for n, name in enumerate(["Alfa", "Beta", "Gamma"], start=1):
        assert f"{n}. Modello {name}" in kept
    assert kept.count("Vedi l'offerta su Amazon") == 3


def test_a_one_paragraph_article_is_an_article() -> None:
    brief = (
        "Con trovata da entertainer, nel suo discorso da sconfitto al ballottaggio delle "
        "primarie del centrosinistra, Matteo Renzi ha citato Bersani, “ma non Pierluigi, "
        "Samuele”. è sempre bellissima la cicatrice che mi ricorderà di esser stato felice"
    )
    article = clean(_text([brief]))
    assert article.body_lines() == [brief]
    assert article.title.startswith("Con trovata da entertainer")
    titled = clean(_text(["Renzi cita Bersani, ma Samuele", brief]))
    assert titled.title == "Renzi cita Bersani, ma Samuele"
    assert titled.body_lines() == [brief]


def test_refusal_says_why() -> None:
    page = ["Home", "Cronaca", "Accedi", "Cookie policy", "Iscriviti alla newsletter"]
    with pytest.raises(NotAnArticle) as error:
        clean(_text(page))
    message = str(error.value)
    assert "no article text found after cleaning (5 lines dropped)" in message
    assert "0 words of prose where an article needs 40" in message
    assert "cookie notice" in message


def test_wide_browser_wrap_is_joined() -> None:
    def wrapped(paragraph: str) -> list[str]:  # as w3m -cols 400 prints a long paragraph
        cut = paragraph.rfind(" ", 0, 395)
        return [paragraph[:cut], paragraph[cut + 1 :]]

    first, second = " ".join(BODY), " ".join(reversed(BODY))
    article = clean(_text(["Cronaca", TITLE, *wrapped(first), *wrapped(second)]))
    assert article.body_lines() == [first, second]
