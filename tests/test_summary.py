"""The extractive summariser on the seeds and on small articles built to probe one rule."""

from __future__ import annotations

import time

import pytest
from seed_articles import seed_000, seed_001

from summarize.language.segment import split_sentences
from summarize.lexicon.stopwords import ITALIAN_STOPWORDS
from summarize.records import Article, Block, Summary
from summarize.summaries.extractive import (
    MAX_POINT_WORDS,
    MIN_POINT_WORDS,
    content_words,
    summarize,
)
from summarize.summaries.options import SummaryOptions


def _sentences(article: Article) -> list[str]:
    texts = [article.lede] if article.lede else []
    texts += [b.text for b in article.blocks if b.kind == "paragraph"]
    return [s for text in texts for s in split_sentences(text)]


def _sections(article: Article) -> dict[str, int]:
    """Sentence -> index of the heading it sits under (0 before the first heading)."""
    section, where = 0, {}
    for s in split_sentences(article.lede or ""):
        where[s] = 0
    for block in article.blocks:
        if block.kind == "heading":
            section += 1
            continue
        for s in split_sentences(block.text):
            where[s] = section
    return where


@pytest.fixture(params=["000", "001"])
def seed(request: pytest.FixtureRequest) -> Article:
    return seed_000() if request.param == "000" else seed_001()


def test_key_points_are_article_sentences_in_article_order(seed: Article) -> None:
    result = summarize(seed)
    sentences = _sentences(seed)
    assert len(result.key_points) == 5
    positions = [sentences.index(p) for p in result.key_points]
    assert positions == sorted(positions)
    assert len(set(positions)) == 5
    for point in result.key_points:
        assert MIN_POINT_WORDS <= len(point.split()) <= MAX_POINT_WORDS
        assert point[0].isupper() or point[0] in '“«"'
    assert result.method == "extractive"
    assert result.warnings == []


def test_headings_are_never_key_points() -> None:
    article = seed_001()
    headings = {b.text for b in article.blocks if b.kind == "heading"}
    assert len(headings) == 3
    result = summarize(article, SummaryOptions(points=20, summary_sentences=20))
    assert not headings & set(result.key_points)
    assert not headings & set(result.summary)


def test_key_points_cover_the_sections_of_a_sectioned_article() -> None:
    article = seed_001()
    where = _sections(article)
    result = summarize(article)
    covered = {where[p] for p in result.key_points}
    assert len(covered) == 4, covered


def test_summary_opens_with_the_lede_and_uses_article_sentences(seed: Article) -> None:
    result = summarize(seed)
    sentences = _sentences(seed)
    assert len(result.summary) == 2
    assert result.summary[0] == split_sentences(seed.lede or "")[0]
    assert all(s in sentences for s in result.summary)
    assert len(set(result.summary)) == 2
    one = summarize(seed, SummaryOptions(summary_sentences=1))
    assert one.summary == result.summary[:1]


def test_summary_without_a_lede_takes_the_best_sentences_in_order() -> None:
    article = seed_000()
    no_lede = Article(source="x", title=article.title, blocks=article.blocks)
    result = summarize(no_lede, SummaryOptions(summary_sentences=3))
    sentences = _sentences(no_lede)
    positions = [sentences.index(s) for s in result.summary]
    assert positions == sorted(positions) and len(positions) == 3


def test_results_are_deterministic(seed: Article) -> None:
    first = summarize(seed)
    for _ in range(3):
        assert summarize(seed) == first


def test_points_option_is_honoured(seed: Article) -> None:
    three = summarize(seed, SummaryOptions(points=3))
    assert len(three.key_points) == 3
    assert summarize(seed, SummaryOptions(points=0)).key_points == []


def test_short_article_gets_fewer_points_than_asked() -> None:
    article = Article(
        source="x",
        title="Breve",
        lede="Il governo ha approvato la manovra economica dopo una lunga trattativa notturna.",
        blocks=[
            Block(
                "paragraph",
                "La manovra vale trenta miliardi di euro e taglia le tasse sul lavoro. "
                "L'opposizione ha annunciato un ricorso alla Corte costituzionale.",
            )
        ],
    )
    result = summarize(article)
    assert len(result.key_points) == 3
    assert result.warnings == []


def test_fragments_and_overlong_sentences_are_not_points() -> None:
    central = "La guerra in Ucraina tra Russia e Stati Uniti preoccupa la Nato"
    fragment = "e la guerra in Ucraina tra Russia e Stati Uniti preoccupa ancora la Nato."
    half_quote = "La guerra in Ucraina preoccupa la Nato”, ha detto il ministro della Difesa."
    overlong = (
        "La guerra in Ucraina tra Russia e Stati Uniti preoccupa la Nato, "
        + "e il conflitto si allarga mentre i ministri discutono a lungo " * 6
        + "senza trovare un accordo."
    )
    others = [
        "Il ministro degli Esteri ha incontrato i colleghi europei a Bruxelles per due ore.",
        "La riunione della Nato sulla guerra in Ucraina si terrà a Vilnius in estate.",
        "Gli Stati Uniti hanno inviato nuovi aiuti militari all'Ucraina questa settimana.",
    ]
    assert len(overlong.split()) > MAX_POINT_WORDS
    article = Article(
        source="x",
        title="Prova",
        lede=central + ".",
        blocks=[Block("paragraph", p) for p in [fragment, half_quote, overlong, *others]],
    )
    result = summarize(article, SummaryOptions(points=4))
    assert fragment not in result.key_points
    assert half_quote not in result.key_points
    assert overlong not in result.key_points
    assert len(result.key_points) == 4


def test_a_repeated_sentence_is_picked_once() -> None:
    article = seed_000()
    lede = article.lede or ""
    doubled = Article(
        source="x",
        title=article.title,
        lede=lede,
        blocks=[Block("paragraph", lede + "."), *article.blocks],
    )
    result = summarize(doubled, SummaryOptions(points=8, summary_sentences=4))
    texts = [p.rstrip(".") for p in result.key_points]
    assert texts.count(lede.rstrip(".")) == 1
    assert [s.rstrip(".") for s in result.summary].count(lede.rstrip(".")) == 1


def test_equally_central_sentences_go_to_the_earliest() -> None:
    """Sentences sharing no content word are equally central: the lead bias decides."""
    unrelated = [
        "Il treno regionale per Bologna partirà domani mattina con due ore di ritardo.",
        "Una forte grandinata ha colpito le campagne venete distruggendo molti vigneti.",
        "La squadra femminile di pallavolo conquista il terzo scudetto consecutivo.",
        "Un raro esemplare di lupo appenninico fotografato vicino al lago di Scanno.",
        "Il museo archeologico resterà aperto gratuitamente durante le feste natalizie.",
    ]
    article = Article(source="x", title="Brevi", blocks=[Block("paragraph", s) for s in unrelated])
    assert summarize(article, SummaryOptions(points=2)).key_points == unrelated[:2]
    reordered = Article(
        source="x", title="Brevi", blocks=[Block("paragraph", s) for s in unrelated[::-1]]
    )
    assert summarize(reordered, SummaryOptions(points=2)).key_points == unrelated[::-1][:2]


def test_empty_article_has_no_points_and_says_so() -> None:
    result = summarize(Article(source="x", title="Solo titolo"))
    assert result == Summary(key_points=[], summary=[], warnings=result.warnings)
    assert result.warnings


def test_stopwords_and_content_words() -> None:
    assert isinstance(ITALIAN_STOPWORDS, frozenset)
    assert {"il", "della", "che", "non", "hanno", "sono"} <= ITALIAN_STOPWORDS
    assert not {"guerra", "ministro", "russia", "telefonata"} & ITALIAN_STOPWORDS
    words = content_words("Il ministro della Difesa ha parlato con i ministri della Nato")
    assert words.count("ministr") == 2
    assert "il" not in words and "della" not in words
    # a country, its capital, its institutions and its demonym are one concept
    russia = {content_words(w)[0] for w in ["Mosca", "Cremlino", "russo", "la Russia"]}
    usa = {content_words(w)[0] for w in ["Washington", "Usa", "Stati Uniti", "statunitense"]}
    assert len(russia) == 1 and len(usa) == 1 and russia != usa


def test_long_article_is_fast() -> None:
    sentences = _sentences(seed_000()) + _sentences(seed_001())
    paragraphs = [
        " ".join(f"{s[:-1] if s.endswith('.') else s} (parte {n})." for s in sentences[k::7])
        for n in range(12)
        for k in range(7)
    ]
    article = Article(source="x", title="Lungo", blocks=[Block("paragraph", p) for p in paragraphs])
    assert len(_sentences(article)) > 300
    start = time.perf_counter()
    result = summarize(article)
    assert time.perf_counter() - start < 5.0
    assert len(result.key_points) == 5


LEAD_ARTICLE = [
    "Il consiglio comunale di Parma ha approvato ieri sera il nuovo piano del traffico, che "
    "entrerà in vigore dal primo settembre.",
    "Il piano del traffico chiude al traffico privato tutto il centro storico di Parma e "
    "allarga le zone pedonali attorno al Duomo e al teatro Regio, con nuove corsie per gli "
    "autobus lungo i viali, nuovi parcheggi scambiatori alle porte della città e una rete di "
    "piste ciclabili che collegherà i quartieri al centro entro la fine del prossimo anno.",
    "Il piano del traffico riduce le auto in centro.",
    "Le opposizioni hanno votato contro il piano e chiedono un referendum cittadino.",
]


def test_summary_opens_with_the_lead_even_when_it_is_not_the_most_central() -> None:
    """Lead-aware by construction: the first sentence of the body opens the summary."""
    article = Article(
        source="x",
        title="Parma, il piano del traffico chiude il centro",
        blocks=[Block("paragraph", s) for s in LEAD_ARTICLE],
    )
    result = summarize(article)
    assert result.summary[0] == LEAD_ARTICLE[0]
    # the next pick keeps the summary near people's length (~40-60 words) when it can
    assert sum(len(s.split()) for s in result.summary) <= 60


def test_a_teaser_lead_gives_way_to_the_next_sentence() -> None:
    article = Article(
        source="x",
        title="Parma, il piano del traffico chiude il centro",
        blocks=[Block("paragraph", "Ecco cosa cambia da settembre per chi vive in centro:")]
        + [Block("paragraph", s) for s in LEAD_ARTICLE],
    )
    result = summarize(article)
    assert result.summary[0] == LEAD_ARTICLE[0]
