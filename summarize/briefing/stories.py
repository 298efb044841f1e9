"""Briefings -> stories: articles on the same story together, in time linear in practice.

A story is a coherent group, not a chain. Grouping is average-link agglomeration: the two
groups whose articles are most similar on average merge first, and merging stops when no
two groups average their pairs' thresholds (each pair's similarity is divided by a
threshold set by the texts' length, so the mean must reach 1). Pairs never compared
count as 0, so an
article joins a story only if it resembles most of the story's articles, never through
one neighbour alone; single-link grouping, which did the latter, chained 8,777 of 10,000
generated articles into one story and joined unrelated real news.

Only pairs that share one of their most telling lemmas are compared (an inverted index on
each article's ``INDEXED_LEMMAS`` heaviest lemmas, a lemma held by more than
``POSTINGS_MAX`` articles skipped), so the pairs compared grow with the articles, not
with their square. Articles published days apart are one story only on strong evidence:
beyond ``DATE_GRACE_DAYS`` their similarity halves every ``DATE_HALF_LIFE`` days.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, defaultdict

from summarize.briefing.profiles import Profile, days_apart, profiles, similarity
from summarize.records import Briefing, Story

# Two articles are one story when their similarity reaches a threshold that grows with
# their length: long texts on one subject share much background vocabulary that snippets
# of one story do not. Pairs whose shorter text has at most SHORT_LEMMAS distinct lemmas
# use SHORT_THRESHOLD, from LONG_LEMMAS on LONG_THRESHOLD, in between interpolated on
# the logarithm of the length. Each pair's similarity is divided by its threshold, and
# two groups merge when the mean of those ratios reaches 1.
# Chosen with the weights in profiles.py by devtools/calibrate_stories.py (best mean F1
# over realdata/stories: full texts P 0.960 R 0.960, snippets P 1.000 R 0.933, giglietto
# pairs ROC AUC 0.893; largest story on 1,000 generated articles 8). Each source left
# out of the tuning and scored after: full texts P 0.833 R 1.000 (the snippets say
# nothing of the long threshold), snippets P 1.000 R 0.853.
SHORT_THRESHOLD = 0.14
LONG_THRESHOLD = 0.38
SHORT_LEMMAS = 60
LONG_LEMMAS = 200
# Pairs published more than DATE_GRACE_DAYS apart keep half their similarity for every
# further DATE_HALF_LIFE days (a week apart 0.42, two weeks 0.125). Fitted by
# devtools/calibrate_stories.py --dates on realdata/stories with the set's publication
# dates (grace 0-2, half-life 0.5-8 days or none; best mean F1, near ties to the weakest
# discount): full texts P 0.960 R 0.960, snippets P 1.000 R 0.933 (a flat 0.6 beyond two
# days: snippets P 0.921, one outlet's bulletins eight days apart joined; 0.4: full-text
# recall 0.88, a story's development four days on lost). Each source left out of the fit:
# full texts P 0.960 R 0.960; snippets P 0.921 R 0.933 (the full texts alone have no
# pair days apart that must split, so they choose no discount).
DATE_GRACE_DAYS = 2
DATE_HALF_LIFE = 4.0
# Pairs below this share of their threshold are not kept (they change no mean enough
# to matter, and keeping them would hold every weak overlap in memory).
EDGE_FLOOR = 0.25
# The index: each article's heaviest lemmas, those held by at most POSTINGS_MAX
# articles (an article none of whose lemmas is that rare indexes its rarest one).
INDEXED_LEMMAS = 12
POSTINGS_MAX = 64

Edges = dict[tuple[int, int], float]


def group_stories(briefings: list[Briefing]) -> list[Story]:
    """Average-link grouping by similarity; every briefing lands in exactly one story.

    Stories come in the order of their first briefing, briefings in input order.
    """
    found = profiles(briefings)
    edges = compared_pairs(found)
    groups = average_link(len(found), edges)
    return [
        Story(briefings[lead].title, [briefings[i] for i in members])
        for members, lead in zip(groups, _leads(groups, edges), strict=True)
    ]


def compared_pairs(
    found: list[Profile],
    short: float = SHORT_THRESHOLD,
    long: float = LONG_THRESHOLD,
    half_life: float = DATE_HALF_LIFE,
    grace: int = DATE_GRACE_DAYS,
) -> Edges:
    """Similarity over threshold of every pair the index brings together (date discount
    applied), keyed (i, j) with i < j, those below EDGE_FLOOR left out."""
    held: Counter[str] = Counter()
    for p in found:
        held.update(p.weights.keys())
    index: defaultdict[str, list[int]] = defaultdict(list)
    edges: Edges = {}
    for j, p in enumerate(found):
        keys = _index_keys(p, held)
        candidates = {i for key in keys for i in index[key]}
        for i in sorted(candidates):
            score = similarity(found[i], p) / pair_threshold(found[i], p, short, long)
            score *= date_factor(days_apart(found[i], p), half_life, grace)
            if score >= EDGE_FLOOR:
                edges[i, j] = score
        for key in keys:
            index[key].append(j)
    return edges


def date_factor(
    apart: int | None, half_life: float = DATE_HALF_LIFE, grace: int = DATE_GRACE_DAYS
) -> float:
    """How much of a pair's similarity counts when published ``apart`` days apart: all of
    it within ``grace`` days (or when a day is unknown), half as much for every further
    ``half_life`` days, so the evidence a pair needs grows with its gap."""
    if apart is None or apart <= grace:
        return 1.0
    return 0.5 ** ((apart - grace) / half_life)


def pair_threshold(a: Profile, b: Profile, short: float, long: float) -> float:
    """The similarity two articles need to be one story, by the shorter one's length."""
    size = min(a.size, b.size)
    if size <= SHORT_LEMMAS:
        return short
    if size >= LONG_LEMMAS:
        return long
    share = math.log(size / SHORT_LEMMAS) / math.log(LONG_LEMMAS / SHORT_LEMMAS)
    return short + (long - short) * share


def _index_keys(p: Profile, held: Counter[str]) -> list[str]:
    heaviest = sorted(p.weights, key=lambda lemma: (-p.weights[lemma], lemma))
    rare = [lemma for lemma in heaviest if held[lemma] <= POSTINGS_MAX][:INDEXED_LEMMAS]
    if rare or not heaviest:
        return rare
    return [min(heaviest, key=lambda lemma: (held[lemma], lemma))]


def average_link(n: int, edges: Edges, threshold: float = 1.0) -> list[list[int]]:
    """Groups of ``n`` items: repeatedly merge the two groups of highest mean pairwise
    similarity (missing pairs 0) while it reaches ``threshold``.

    Each group keeps the sum of its similarities to each neighbouring group; a merge
    folds the smaller group's sums into the larger's, so an item's sums move a
    logarithmic number of times. Groups come out in the order of their first item.
    """
    size = [1] * n
    links: list[dict[int, float]] = [{} for _ in range(n)]
    for (i, j), score in edges.items():
        links[i][j] = links[i].get(j, 0.0) + score
        links[j][i] = links[j].get(i, 0.0) + score
    version = [0] * n
    heap = [(-score, i, j, 0, 0) for (i, j), score in edges.items() if score >= threshold]
    heapq.heapify(heap)
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    while heap:
        _, a, b, va, vb = heapq.heappop(heap)
        if va != version[a] or vb != version[b] or a not in members or b not in members:
            continue
        keep, gone = (a, b) if size[a] >= size[b] else (b, a)
        members[keep].extend(members.pop(gone))
        size[keep] += size[gone]
        version[keep] += 1
        links[keep].pop(gone, None)
        for other, total in links[gone].items():
            if other == keep:
                continue
            links[keep][other] = links[keep].get(other, 0.0) + total
            del links[other][gone]
            links[other][keep] = links[keep][other]
        links[gone] = {}
        for other, total in links[keep].items():
            mean = total / (size[keep] * size[other])
            if mean >= threshold:
                x, y = sorted((keep, other))
                heapq.heappush(heap, (-mean, x, y, version[x], version[y]))
    return sorted((sorted(group) for group in members.values()), key=lambda g: g[0])


def _leads(groups: list[list[int]], edges: Edges) -> list[int]:
    """Each group's article most similar to the rest of its group (the sum of its
    similarities to the others, in one pass over the pairs); ties go to the first."""
    group_of = {i: g for g, members in enumerate(groups) for i in members}
    centrality: Counter[int] = Counter()
    for (i, j), score in edges.items():
        if group_of[i] == group_of[j]:
            centrality[i] += score
            centrality[j] += score
    return [max(members, key=lambda i: (centrality[i], -i)) for members in groups]
