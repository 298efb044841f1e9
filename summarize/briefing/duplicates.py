"""Near-duplicates: the same agency story on several sites becomes one briefing.

Two articles are near-duplicates when most word shingles of the shorter one appear in
the longer one. Containment rather than Jaccard, because outlets wrap the same wire copy
in their own title, lede and footer lines, or cut its last paragraphs; a minimum number
of shingles keeps two short notices that share a stock sentence apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarize.briefing.groups import Groups
from summarize.language.words import WORD
from summarize.records import Article

# Shingle length in words: 5, the common choice for near-duplicate web pages (Broder
# 1997 used 10 on whole pages; news paragraphs are short); it keeps stock phrases such as
# "ha detto il ministro" from counting.
SHINGLE_WORDS = 5
# Share of the shorter article's shingles found in the longer one. The issue asked for
# ~0.9. Measured on the 29 gold articles of tests/gold (406 pairs, the two seeds on the
# same story among them): at most 0.022; one gold story reposted with another title and
# its last paragraph swapped for a footer (tests/test_web.py): 0.986.
NEAR_DUPLICATE = 0.9
# Below this many shingles (~40 words) an article is too short to call a copy.
MIN_SHINGLES = 30


def shingles(article: Article) -> frozenset[int]:
    words = WORD.findall(" ".join(article.body_lines()).lower())
    n = SHINGLE_WORDS
    return frozenset(hash(tuple(words[i : i + n])) for i in range(max(0, len(words) - n + 1)))


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    if len(small) < MIN_SHINGLES:
        return 0.0
    return len(small & large) / len(small)


def near_duplicate_groups(articles: Sequence[Article]) -> list[list[int]]:
    """Indices grouped by near-duplication, each group in input order; the first of a
    group is the one to brief (callers put the articles a digest already had first)."""
    sets = [shingles(a) for a in articles]
    found = Groups(len(articles))
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            if found.root(i) != found.root(j) and overlap(sets[i], sets[j]) >= NEAR_DUPLICATE:
                found.join(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(found.root(i), []).append(i)
    return sorted(groups.values())
