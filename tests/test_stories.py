"""Story grouping: the inverted index finds the stories all-pairs comparison finds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from devtools.articlefactory import articles
from summarize.briefing import stories
from summarize.briefing.stories import (
    SAME_STORY_THRESHOLD,
    group_stories,
    profile,
    similarity,
)
from summarize.language.entities import mentions
from summarize.records import Article, Block, Briefing, Mentions, Pair

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


def _all_pairs(briefings: list[Briefing]) -> list[tuple[str, list[str]]]:
    """The grouping as it was before the inverted index: every pair compared, leads by the sum of
    similarities to the rest of the story."""
    profiles = [profile(b) for b in briefings]
    parent = list(range(len(profiles)))

    def root(i: int) -> int:
        while parent[i] != i:
            i = parent[i]
        return i

    for i in range(len(profiles)):
        for j in range(i + 1, len(profiles)):
            if similarity(profiles[i], profiles[j]) >= SAME_STORY_THRESHOLD:
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(profiles)):
        groups.setdefault(root(i), []).append(i)
    result = []
    for members in groups.values():
        lead = max(
            members,
            key=lambda i: (
                sum(similarity(profiles[i], profiles[j]) for j in members if j != i),
                -i,
            ),
        )
        result.append((briefings[lead].title.it, [briefings[i].source for i in members]))
    return result


def _shape(found: list[stories.Story]) -> list[tuple[str, list[str]]]:
    return [(s.headline.it, [b.source for b in s.briefings]) for s in found]


@pytest.fixture(scope="module")
def generated() -> list[Briefing]:
    return [_briefing(a.name, a.text) for a in articles(400)]


def test_the_index_finds_the_stories_of_all_pairs_comparison(generated: list[Briefing]) -> None:
    expected = _all_pairs(generated)
    assert _shape(group_stories(generated)) == expected
    # the corpus is one a grouping can get wrong: stories of several articles, and
    # unrelated articles that reach the threshold (the factory's shared organisations)
    sizes = sorted(len(sources) for _, sources in expected)
    assert sizes[-1] >= 5 and sizes.count(1) >= 20 and len(sizes) < 300


def test_the_index_agrees_on_every_prefix_of_the_corpus(generated: list[Briefing]) -> None:
    for n in (50, 150, 250):
        assert _shape(group_stories(generated[:n])) == _all_pairs(generated[:n])


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


def test_a_large_story_leads_with_its_most_central_article() -> None:
    """Above EXACT_LEAD_MAX the lead comes from the centroid; here it is the article
    that holds what all the others share."""
    names = Mentions(people=["Marco Rossi", "Anna Neri"], places=["Torino"], organisations=[])
    core = "Il consiglio comunale approva il bilancio della città metropolitana"
    members = [
        _briefing(
            f"{i:03d}.txt", f"Titolo {i}\n\n{core} con la variante numero{chr(97 + i % 26)}.", names
        )
        for i in range(stories.EXACT_LEAD_MAX + 20)
    ]
    hub = _briefing("hub.txt", f"Il centro\n\n{core}.", names)
    found = group_stories([*members, hub])
    assert len(found) == 1
    assert found[0].headline.it == _all_pairs([*members, hub])[0][0]


_SCALE = """
import sys, time
from devtools.articlefactory import articles
from summarize.briefing.stories import group_stories
from summarize.records import Article, Block, Briefing, Mentions, Pair

briefings = []
for a in articles(int(sys.argv[1])):
    title, *paragraphs = a.text.strip().split("\\n\\n")
    article = Article(a.name, title, blocks=[Block("paragraph", p) for p in paragraphs])
    names = Mentions(list(a.people), [a.place], [a.organisation])
    briefings.append(Briefing(a.name, a.name, "it", article, Pair(title), [], [], names, 1, 1))
started = time.process_time()
print(len(group_stories(briefings)), time.process_time() - started)
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
    count, seconds = done.stdout.split()
    assert int(count) > 400
    assert float(seconds) < 60
