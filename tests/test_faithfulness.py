"""The faithfulness checks on crafted summaries: facts found or flagged, outputs rejected."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarize.records import Article, Document
from summarize.summaries.extractive import summarize
from summarize.summaries.faithfulness import LOOP_MIN_REPEATS, degenerate, unsupported_facts
from summarize.summaries.options import SummaryOptions

ARTICLE = (
    "Il ministro della Difesa russo Andrei Belousov e il segretario Lloyd Austin hanno "
    "parlato al telefono il 15 marzo 2023, per la prima volta da due anni. "
    "Secondo il Pentagono, a Mosca sono arrivati 3.000 soldati e la spesa è salita del 2,5%. "
    "L'incontro si è svolto a Washington, negli Stati Uniti, lunedì."
)


@pytest.mark.parametrize(
    "summary",
    [
        "Belousov e Austin hanno parlato il 15 marzo 2023.",
        "A Mosca sono arrivati 3000 soldati.",  # 3.000 written without the thousands dot
        "Moscow received 3,000 troops and spending rose by 2.5%.",  # English separators
        "They spoke for the first time in 2 years.",  # "due anni" in the article
        "On 15 March 2023 Belousov called Austin on Monday.",  # month and weekday, in English
        "The Pentagon said talks with Moscow took place in Washington, in the United States.",
        "Defence Minister Andrei Belousov spoke to Lloyd Austin.",  # English titles
        "They may talk again, Belousov said.",  # "may" the verb, not the month
    ],
)
def test_facts_of_the_article_are_not_flagged(summary: str) -> None:
    assert unsupported_facts(summary, ARTICLE, "en") == []


@pytest.mark.parametrize(
    ("summary", "lang", "flagged"),
    [
        ("A Mosca sono arrivati 3.500 soldati.", "it", ["3.500"]),
        ("Moscow received 30,000 troops.", "en", ["30,000"]),
        ("La spesa è salita del 25%.", "it", ["25"]),  # 2,5 is not 25
        ("Hanno parlato il 15 aprile 2023.", "it", ["aprile"]),
        ("They spoke on 4 May.", "en", ["4", "May"]),
        ("Hanno parlato venerdì.", "it", ["venerdì"]),
        ("Belousov ha chiamato Emmanuel Macron a Parigi.", "it", ["Emmanuel Macron", "Parigi"]),
        ("Belousov called Emmanuel Macron.", "en", ["Emmanuel Macron"]),
        # In Italian a name must be spelt as the article spells it.
        ("Belousov ha parlato con Lloyd Austen.", "it", ["Lloyd Austen"]),
    ],
)
def test_invented_facts_are_flagged(summary: str, lang: str, flagged: list[str]) -> None:
    assert unsupported_facts(summary, ARTICLE, lang) == flagged


def test_a_fact_is_reported_once() -> None:
    summary = "Lo ha detto Macron. Poi Macron ha parlato di 4 navi, poi di altre 4."
    assert unsupported_facts(summary, ARTICLE) == ["4", "Macron"]


def test_words_that_open_a_sentence_or_a_quote_are_not_names() -> None:
    summary = "Talks resumed. “Nothing changed,” Belousov said. Meanwhile Austin listened."
    assert unsupported_facts(summary, ARTICLE, "en") == []


def test_sentences_of_the_article_itself_are_always_supported(seed_articles: list[Article]) -> None:
    for article in seed_articles:
        text = "\n".join([article.title, *article.body_lines()])
        chosen = summarize(article, SummaryOptions(points=6, summary_sentences=4))
        for sentence in [*chosen.key_points, *chosen.summary]:
            assert unsupported_facts(sentence, text) == [], sentence


# --- degenerate outputs -----------------------------------------------------------------


@pytest.mark.parametrize("summary", ["", "   \n ", "…", "- * -", "123 456"])
def test_empty_summaries_are_degenerate(summary: str) -> None:
    assert degenerate(summary, ARTICLE) == "empty"


@pytest.mark.parametrize(
    "summary",
    [
        "ciao " * LOOP_MIN_REPEATS * 3,
        "Il ministro ha detto che " + "la guerra la guerra " * LOOP_MIN_REPEATS,
        "Belousov ha parlato con Austin. " * LOOP_MIN_REPEATS,
        # spread out: the same clause with different words between its returns
        " ".join(f"il ministro ha parlato {w}." for w in ("ieri", "oggi", "lunedì", "ancora")),
    ],
)
def test_loops_are_degenerate(summary: str) -> None:
    reason = degenerate(summary, ARTICLE)
    assert reason is not None and reason.startswith("a loop repeating")


def test_a_summary_longer_than_the_article_is_degenerate() -> None:
    article = "Piove a Roma da tre giorni."
    summary = "A Roma piove ormai da tre giorni, dicono i meteorologi della capitale."
    reason = degenerate(summary, article)
    assert reason is not None and reason.startswith("longer than the article")


def test_ordinary_summaries_are_not_degenerate(seed_articles: list[Article]) -> None:
    for article in seed_articles:
        text = "\n".join([article.title, *article.body_lines()])
        chosen = summarize(article, SummaryOptions(points=5, summary_sentences=3))
        assert degenerate(" ".join(chosen.summary), text) is None
        assert degenerate(" ".join(chosen.key_points), text) is None
    assert degenerate("No, no, no: the ministers did not meet.", ARTICLE) is None


@pytest.fixture(scope="module")
def seed_articles() -> list[Article]:
    from conftest import seed_texts

    from summarize.cleaning.clean import clean

    articles = []
    for number, text in enumerate(seed_texts()):
        name = f"seed-{number}.txt"
        articles.append(clean(Document(name, Path(name), text, "text", "utf-8")))
    assert all(isinstance(a, Article) and a.blocks for a in articles)
    return articles
