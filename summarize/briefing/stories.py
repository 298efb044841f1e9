"""Briefings -> stories: articles on the same story together, in time linear in practice.

Two articles are one story when their similarity reaches ``SAME_STORY_THRESHOLD``;
stories are the connected groups (single link). Comparing every pair cost 220 s for
4,000 articles, so candidate pairs come from an inverted index, and only
those are compared, with the same measure.

What an article indexes starts from the prefix-filtering argument (Bayardo et al.,
"Scaling up all pairs similarity search", 2007): with features ordered rarest first,
an article may leave out its commonest features as long as all of them together could
not lift a pair to the threshold; two articles that reach it then share an indexed
feature. That alone is exact but not linear: on news prose it keeps three quarters of
the words, which a thousand articles share pairwise. So of the words only the rarest
few are indexed, and none held by many articles; every name the argument keeps is
indexed. On generated corpora of 300 to 2,000 articles the stories are those of the
all-pairs comparison, article for article (tests/test_stories.py checks it).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from summarize.briefing.groups import Groups
from summarize.lexicon.stopwords import ITALIAN_STOPWORDS
from summarize.records import Briefing, Story

# Two articles are one story when their similarity reaches this. Calibrated on the
# seeds (two calls between the same ministers two years apart: 0.41) against pairs of
# unrelated articles from tests/gold (all below 0.12); set between, nearer the low side
# because a missed grouping costs less than a wrong one only when stories are unrelated.
SAME_STORY_THRESHOLD = 0.22
# Names shared by two articles say more than shared common words.
ENTITY_WEIGHT = 0.6
# A story's lead is the article most similar to the others (the sum of its
# similarities). Exact up to this many articles, m^2 comparisons; a daily digest's
# stories hold a handful. Above it (a 4,000-article story would need 16 million) the
# lead is the article nearest the story's centroid under the same two measures, taken
# as dot products (names as 0/1 vectors), which costs one pass. On the four largest
# stories of 1,000 generated articles (28 to 397 articles) both picked the same lead.
EXACT_LEAD_MAX = 100
# Words an article indexes: its rarest ones, at most this many, and only words at most
# this many articles hold. On generated corpora (devtools/articlefactory.py) 8 and 32
# gave the stories of the all-pairs comparison at 1,000 and 2,000 articles, comparing
# 41 pairs per article at 1,000, 14 at 2,000 and 22 at 10,000; indexing every prefix
# word compared 400 per article at 1,000. A word held by more articles is left to the
# names and the rarer words to find (it still counts in the similarity of the pairs
# they find); an article none of whose words is that rare indexes its rarest one.
INDEXED_WORDS = 8
WORD_POSTINGS_MAX = 32
# Keeps rounding from ever dropping a pair that reaches the threshold: a feature is
# left out of the index only if the bound stays this far below it.
_MARGIN = 1e-9

_WORD = re.compile(r"[^\W\d_]{3,}")

# A name (0) or a word (1), and its text.
Feature = tuple[int, str]


@dataclass(frozen=True)
class Profile:
    """What similarity reads of a briefing: its names and its content words."""

    names: frozenset[str]
    words: Counter[str]
    norm: float


def profile(briefing: Briefing) -> Profile:
    m = briefing.mentions
    names = frozenset(n.lower() for n in (*m.people, *m.places, *m.organisations))
    words: Counter[str] = Counter()
    for line in briefing.article.kept_lines():
        for word in _WORD.findall(line.lower()):
            if word not in ITALIAN_STOPWORDS:
                words[word] += 1
    return Profile(names, words, math.sqrt(sum(c * c for c in words.values())))


def similarity(a: Profile, b: Profile) -> float:
    """Weighted mix of shared names (Jaccard) and shared vocabulary (cosine)."""
    names = len(a.names & b.names) / len(a.names | b.names) if a.names and b.names else 0.0
    # integer counts: the sum is exact in any order
    dot = sum(a.words[w] * b.words[w] for w in a.words.keys() & b.words.keys())
    norm = a.norm * b.norm
    words = dot / norm if norm else 0.0
    return ENTITY_WEIGHT * names + (1 - ENTITY_WEIGHT) * words


def group_stories(briefings: list[Briefing]) -> list[Story]:
    """Single-link grouping by similarity; every briefing lands in exactly one story.

    Stories come in the order of their first briefing, briefings in input order.
    """
    profiles = [profile(b) for b in briefings]
    groups: dict[int, list[int]] = {}
    for i, story in enumerate(_story_of(profiles)):
        groups.setdefault(story, []).append(i)
    stories = []
    for members in groups.values():
        lead = _lead(members, profiles)
        stories.append(Story(briefings[lead].title, [briefings[i] for i in members]))
    return stories


def _story_of(profiles: list[Profile]) -> list[int]:
    """For each article, the first article of its story.

    Each feature's postings are grouped by story: an article already joined to a story
    skips that story's other articles at once, so one large story costs no more than
    many small ones.
    """
    groups = Groups(len(profiles))
    root = groups.root
    order = _feature_order(profiles)
    index: dict[Feature, dict[int, list[int]]] = defaultdict(dict)
    for j, p in enumerate(profiles):
        indexed = _indexed(p, order)
        compared: set[int] = set()
        for feature in indexed:
            postings = index[feature]
            for story, members in list(postings.items()):
                joined = root(story)
                if joined != story:
                    _merge(postings, story, joined)
                if joined == root(j):
                    continue
                for i in members:
                    if i in compared:
                        continue
                    compared.add(i)
                    if similarity(profiles[i], p) >= SAME_STORY_THRESHOLD:
                        # the smaller index is the root (Groups.join), so a story's key
                        # never changes once it holds its first article
                        groups.join(i, j)
                        break
        mine = root(j)
        for feature in indexed:
            index[feature].setdefault(mine, []).append(j)
    return [root(i) for i in range(len(profiles))]


def _merge(postings: dict[int, list[int]], story: int, joined: int) -> None:
    """File the articles of ``story``, since joined to ``joined``, under it; the smaller
    list moves, so an article moves a logarithmic number of times at most."""
    members = postings.pop(story)
    target = postings.get(joined)
    if target is None:
        postings[joined] = members
        return
    if len(target) < len(members):
        members, target = target, members
        postings[joined] = target
    target.extend(members)


def _feature_order(profiles: list[Profile]) -> dict[Feature, tuple[int, int, str]]:
    """Rarest first: (how many articles have it, names before words, the text)."""
    counts: Counter[Feature] = Counter()
    for p in profiles:
        counts.update((0, n) for n in p.names)
        counts.update((1, w) for w in p.words)
    return {feature: (n, *feature) for feature, n in counts.items()}


def _prefix(p: Profile, order: dict[Feature, tuple[int, int, str]]) -> list[Feature]:
    """The features prefix filtering would index, rarest first: all but the commonest,
    as many of those as could not make any pair reach the threshold if they were all a
    pair shared."""
    features = [(0, n) for n in p.names] + [(1, w) for w in p.words]
    features.sort(key=order.__getitem__)
    names_left_out = 0
    squares_left_out = 0
    keep = len(features)
    while keep:
        kind, text = features[keep - 1]
        names = names_left_out + (kind == 0)
        squares = squares_left_out + (p.words[text] ** 2 if kind == 1 else 0)
        if _bound(p, names, squares) >= SAME_STORY_THRESHOLD - _MARGIN:
            break
        names_left_out, squares_left_out = names, squares
        keep -= 1
    return features[:keep]


def _indexed(p: Profile, order: dict[Feature, tuple[int, int, str]]) -> list[Feature]:
    """What the article really indexes: the prefix's names, and few of its words."""
    prefix = _prefix(p, order)
    names = [f for f in prefix if f[0] == 0]
    words = [f for f in prefix if f[0] == 1]
    rare = [f for f in words if order[f][0] <= WORD_POSTINGS_MAX][:INDEXED_WORDS]
    # The rarest word whatever its count: copies of one article (a wire story many
    # sites ran) still meet through it when none of their words is rare.
    return names + (rare or words[:1])


def _bound(p: Profile, names: int, squares: int) -> float:
    """The highest similarity ``p`` can have with an article it shares only these with:
    ``names`` of its names (Jaccard at most names / len(p.names)) and words whose
    counts' squares sum to ``squares`` (cosine at most their norm over p's, by
    Cauchy-Schwarz)."""
    name_part = names / len(p.names) if p.names else 0.0
    word_part = math.sqrt(squares) / p.norm if p.norm else 0.0
    return ENTITY_WEIGHT * name_part + (1 - ENTITY_WEIGHT) * word_part


def _lead(members: list[int], profiles: list[Profile]) -> int:
    if len(members) <= EXACT_LEAD_MAX:
        return max(
            members,
            key=lambda i: (
                sum(similarity(profiles[i], profiles[j]) for j in members if j != i),
                -i,
            ),
        )
    names: defaultdict[str, float] = defaultdict(float)
    words: defaultdict[str, float] = defaultdict(float)
    for i in members:
        p = profiles[i]
        for n in p.names:
            names[n] += 1 / math.sqrt(len(p.names))
        for w, c in p.words.items():
            words[w] += c / p.norm

    def centrality(i: int) -> tuple[float, int]:
        p = profiles[i]
        name_part = sum(names[n] for n in p.names) / math.sqrt(len(p.names)) if p.names else 0.0
        word_part = sum(c * words[w] for w, c in p.words.items()) / p.norm if p.norm else 0.0
        # Minus the article's own contribution (1 for a non-empty vector).
        name_part -= 1.0 if p.names else 0.0
        word_part -= 1.0 if p.norm else 0.0
        return ENTITY_WEIGHT * name_part + (1 - ENTITY_WEIGHT) * word_part, -i

    return max(members, key=centrality)
