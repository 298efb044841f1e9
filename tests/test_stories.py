"""Story grouping: coherent stories (average link, not chains), the inverted index finding
what all-pairs comparison finds, dates, outlet names, and scale."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.articlefactory import articles
from devtools.realstories import DATA as STORIES
from summarize.briefing import stories
from summarize.briefing.profiles import dateline_day, days_apart, profiles, similarity
from summarize.briefing.stories import (
    LONG_THRESHOLD,
    SHORT_THRESHOLD,
    average_link,
    group_stories,
    pair_threshold,
)
from summarize.language.entities import mentions
from summarize.records import Article, Block, Briefing, Mentions, Pair, Story

REPO = Path(__file__).resolve().parents[1]


def _briefing(name: str, text: str, names: Mentions | None = None) -> Briefing:
    title, *paragraphs = text.strip().split("\n\n")
    article = Article(name, title, blocks=[Block("paragraph", p) for p in paragraphs])
    return Briefing(
        source=name,
        slug=name,
        lang="it",
        article=article,
        title=Pair(title),
        key_points=[],
        summary=[],
        mentions=names if names is not None else mentions(article),
        words=len(text.split()),
        reading_minutes=1,
    )


def _all_pairs(briefings: list[Briefing]) -> list[list[str]]:
    """The grouping with every pair compared instead of the index's candidates."""
    found = profiles(briefings)
    edges = {}
    for i, j in itertools.combinations(range(len(found)), 2):
        score = similarity(found[i], found[j]) / pair_threshold(
            found[i], found[j], SHORT_THRESHOLD, LONG_THRESHOLD
        )
        if score >= stories.EDGE_FLOOR:
            edges[i, j] = score
    return [[briefings[i].source for i in g] for g in average_link(len(found), edges)]


def _shape(found: list[Story]) -> list[list[str]]:
    return [[b.source for b in s.briefings] for s in found]


@pytest.fixture(scope="module")
def generated() -> list[Briefing]:
    return [_briefing(a.name, a.text) for a in articles(300)]


def test_the_index_finds_the_stories_of_all_pairs_comparison(generated: list[Briefing]) -> None:
    expected = _all_pairs(generated)
    assert _shape(group_stories(generated)) == expected
    sizes = sorted(len(sources) for sources in expected)
    assert sizes[-1] >= 3 and sizes.count(1) >= 20


def test_order_of_stories_and_of_their_briefings_follows_the_input(
    generated: list[Briefing],
) -> None:
    found = group_stories(generated[:200])
    firsts = [generated.index(s.briefings[0]) for s in found]
    assert firsts == sorted(firsts)
    for story in found:
        positions = [generated.index(b) for b in story.briefings]
        assert positions == sorted(positions)


def test_copies_without_names_are_one_story() -> None:
    """Words alone (no names) still find a story, even one repeated by many sites."""
    text = articles(1)[0].text
    nobody = Mentions(people=[], places=[], organisations=[])
    copies = [_briefing(f"copy{i}.txt", text, nobody) for i in range(40)]
    others = [_briefing(a.name, a.text, nobody) for a in articles(60)[1:]]
    found = group_stories(copies + others)
    assert [b.source for b in found[0].briefings][:40] == [b.source for b in copies]


_A = (
    "Crolla una palazzina a Saviano\n\nA Saviano crolla una palazzina: morti due bambini e "
    "una donna, i vigili del fuoco scavano tra le macerie."
)
_B = (
    "Saviano, vigili del fuoco tra le macerie\n\nI vigili del fuoco di Napoli lavorano tutta "
    "la notte tra le macerie della palazzina; Unicredit apre un fondo e Commerzbank risponde."
)
_C = (
    "Unicredit sale in Commerzbank\n\nUnicredit annuncia una quota in Commerzbank; la banca "
    "tedesca risponde e Berlino chiede chiarimenti sulla scalata."
)


def test_a_story_is_not_a_chain() -> None:
    """A is like B and B like C, A not like C: single link made one story of the three;
    C joins no story through B alone."""
    a, b, c = (_briefing(n, t) for n, t in (("a.txt", _A), ("b.txt", _B), ("c.txt", _C)))
    pa, pb, pc = profiles([a, b, c])
    assert similarity(pa, pc) < 0.05 < similarity(pa, pb) and similarity(pb, pc) > 0.05
    groups = _shape(group_stories([a, b, c]))
    assert ["a.txt", "b.txt", "c.txt"] not in groups
    assert len(groups) >= 2


def test_average_link_merges_on_the_mean_not_the_best_pair() -> None:
    # 0-1 very alike; 2 alike to 1 only: its mean to {0, 1} is (0 + 1.6) / 2 < 1
    assert average_link(3, {(0, 1): 3.0, (1, 2): 1.6}) == [[0, 1], [2]]
    assert average_link(3, {(0, 1): 3.0, (1, 2): 1.6, (0, 2): 0.6}) == [[0, 1, 2]]


def test_an_outlets_name_in_titles_is_not_a_story() -> None:
    """ "... - Corriere della Sera" on two unrelated titles names the outlet, not the story."""
    texts = [
        (
            "one.txt",
            "Razzo cinese in caduta, dove finiranno i detriti - Corriere della Sera\n\n"
            "Il razzo cinese Lunga Marcia rientra in atmosfera nel fine settimana.",
        ),
        (
            "two.txt",
            "Ganna vince la cronometro di Torino - Corriere della Sera\n\n"
            "Filippo Ganna vince la prima tappa del Giro d'Italia a Torino.",
        ),
    ]
    found = group_stories([_briefing(n, t) for n, t in texts])
    assert len(found) == 2


def test_articles_days_apart_need_stronger_evidence() -> None:
    text = articles(1)[0].text
    same_day = [_briefing(f"{i}.txt", text) for i in range(2)]
    for b, day in zip(same_day, ("2024-09-22", "2024-09-23"), strict=True):
        b.article.date = day
    found = profiles(same_day)
    assert found[0].day is not None and days_apart(*found) == 1
    apart = [_briefing(f"{i}.txt", text) for i in range(2)]
    for b, day in zip(apart, ("2024-09-15", "2024-09-23T08:00:00+02:00"), strict=True):
        b.article.date = day
    far = profiles(apart)
    assert days_apart(*far) == 8
    edges = stories.compared_pairs(found)
    far_edges = stories.compared_pairs(far)
    assert far_edges[0, 1] == pytest.approx(edges[0, 1] * stories.date_factor(8))


def test_the_date_discount_grows_with_the_gap() -> None:
    """Within the grace days nothing is discounted; beyond, each further half-life halves
    the similarity: a week apart needs far more evidence than three days apart."""
    grace, half_life = stories.DATE_GRACE_DAYS, stories.DATE_HALF_LIFE
    assert stories.date_factor(None) == 1.0
    assert stories.date_factor(grace) == 1.0
    assert stories.date_factor(grace + round(half_life)) == pytest.approx(
        0.5 ** (round(half_life) / half_life)
    )
    factors = [stories.date_factor(d) for d in range(grace, grace + 15)]
    assert all(a > b for a, b in itertools.pairwise(factors))
    assert stories.date_factor(30) < 0.05


def test_a_story_leads_with_its_most_central_article() -> None:
    """The lead is the article most similar to the others: here the one that holds what
    they share and a little of what each adds."""
    names = Mentions(people=["Marco Rossi", "Anna Neri"], places=["Torino"], organisations=[])
    core = "Il consiglio comunale approva il bilancio della città metropolitana di Torino"
    members = [
        _briefing(f"{i:03d}.txt", f"{word}\n\n{core}. {extra}", names)
        for i, (word, extra) in enumerate(
            (
                ("Primavera", "Fioriscono giardini, parchi e aiuole lungo i viali alberati."),
                ("Estate", "Spiagge affollate, gelati e vacanze al mare per tutti."),
                ("Autunno", "Vendemmia nelle colline, castagne e foglie cadute nei boschi."),
                ("Inverno", "Neve sulle montagne, sciatori e rifugi pieni di turisti."),
                ("Mattino", "Caffè al bancone, giornali e pendolari sui treni regionali."),
            )
        )
    ]
    hub = _briefing(
        "hub.txt",
        f"Sera\n\n{core}. Giardini, mare, castagne, neve e caffè per tutti.",
        names,
    )
    found = group_stories([*members, hub])
    assert len(found) == 1
    assert found[0].headline.it == "Sera"


_SCALE = """
import sys, time
from devtools.articlefactory import articles
from summarize.briefing.stories import group_stories
from summarize.records import Article, Block, Briefing, Mentions, Pair, Story

briefings = []
for a in articles(int(sys.argv[1])):
    title, *paragraphs = a.text.strip().split("\\n\\n")
    article = Article(a.name, title, blocks=[Block("paragraph", p) for p in paragraphs])
    names = Mentions(list(a.people), [a.place], [a.organisation])
    briefings.append(Briefing(a.name, a.name, "it", article, Pair(title), [], [], names, 1, 1))
started = time.process_time()
found = group_stories(briefings)
print(len(found), max(len(s.briefings) for s in found), time.process_time() - started)
"""


def test_four_thousand_articles_group_without_comparing_every_pair() -> None:
    """All pairs of 4,000 articles took 220 s; the index takes seconds (CPU time, so a
    busy machine does not fail it). A subprocess with a timeout, so a regression fails
    instead of hanging."""
    done = subprocess.run(
        [sys.executable, "-c", _SCALE, "4000"],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stderr
    count, largest, seconds = done.stdout.split()
    assert int(count) > 300
    # single link chained 2,882 of these 4,000 into one story; average link: 12
    assert int(largest) <= 20
    assert float(seconds) < 60


# One outlet's daily bulletin on two days, and another outlet's on the first day.
_BULLETINS = (
    "may2021_bollettino_8_maggio/02_corriereit.txt",
    "may2021_bollettino_16_maggio/01_corriereit.txt",
    "may2021_bollettino_8_maggio/01_fanpageit.txt",
)


def test_figures_and_datelines_tell_a_daily_bulletin_from_the_next() -> None:
    """One outlet's template on two days against another outlet on the first day: the
    shared figures make the same-day pair the closer one, and the datelines ("oggi 16
    maggio") discount the pair eight days apart."""
    if not all((STORIES / name).is_file() for name in _BULLETINS):
        pytest.skip(f"the stories development set is not at {STORIES}")
    briefings = [_briefing(n, (STORIES / n).read_text(encoding="utf-8")) for n in _BULLETINS]
    found = profiles(briefings)
    assert [p.day for p in found] == [(None, 5, 8), (None, 5, 16), (None, 5, 8)]
    assert days_apart(found[0], found[1]) == 8
    assert similarity(found[0], found[2]) > similarity(found[0], found[1])
    edges = stories.compared_pairs(found)
    undiscounted = similarity(found[0], found[1]) / pair_threshold(
        found[0], found[1], SHORT_THRESHOLD, LONG_THRESHOLD
    )
    assert edges[0, 1] == pytest.approx(undiscounted * stories.date_factor(8))


def test_a_line_opening_with_a_full_date_is_a_dateline() -> None:
    """A snippet's text often opens with the date its page prints ("16 maggio 2021La
    situazione ..."); a date further into a sentence is an event's, not the page's."""
    assert dateline_day(["16 maggio 2021La situazione aggiornata in Italia"]) == (2021, 5, 16)
    assert dateline_day(["Domenica 16 maggio 2021 - Roma"]) == (2021, 5, 16)
    assert dateline_day(["Le urne apriranno il 16 maggio 2021 alle 7"]) is None
    assert dateline_day(["16 maggio i dati"]) is None
