"""What story grouping compares of an article: a weighted bag of content lemmas, and
the day it was published when known.

A word's weight is how rare it is (IDF), times where it stands (the title and the lede
say what the story is; the rest wanders off to background), times whether it is part of
a name (people, places and organisations tell one event from another of the same kind
far better than common words do). Repeats add only logarithmically, so a long article
does not outvote a snippet by sheer length, and vectors are unit length: a feed snippet
of fifty words meets a full article, or another snippet, on the same scale.

Rarity comes from a background table (summarize/lexicon/frequencies.py: how many of
5,267 news sentences hold each lemma) plus the inbox itself, so two articles alone
still know that "governo" is common, and a thousand articles on one election learn that
its candidate's name no longer tells their stories apart.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from summarize.language.lemmas import content_lemmas, lemma_of
from summarize.lexicon.frequencies import background
from summarize.records import Briefing

# Weights of a lemma by where it first stands: in the title, in the lede (the first
# LEDE_LEMMAS content lemmas of the body), further down. Chosen with the threshold by
# devtools/calibrate_stories.py (see stories.py for the figures).
TITLE_WEIGHT = 3.0
LEDE_WEIGHT = 1.5
LEDE_LEMMAS = 40
# A lemma that is part of a mentioned name weighs this many times a common word's.
NAME_WEIGHT = 2.0
# No lemma adds more than this to a similarity: one shared word, however rare and
# prominent (the town both articles are datelined from), does not make a story.
LEMMA_CAP = 0.1
# A title's tail after " - " or " | " of at most this many words is an outlet's name
# ("... - Corriere della Sera") when another title in the inbox ends the same way: it
# names who published, not what happened, and would join every article of that outlet.
OUTLET_TAIL_WORDS = 5

_TAIL = re.compile(r"\s+[-|–—]\s+([^-|–—]+?)\s*$")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Profile:
    """A unit-length lemma vector, and the article's publication day when known."""

    weights: dict[str, float]
    day: date | None

    @property
    def size(self) -> int:
        """How many distinct content lemmas: a snippet has tens, a full article hundreds."""
        return len(self.weights)


def profiles(briefings: list[Briefing]) -> list[Profile]:
    """Every briefing's profile; word rarity is counted over the background and these."""
    tails = Counter(_tail(b.article.title) for b in briefings)
    bags = [_bag(b, tails) for b in briefings]
    counts: Counter[str] = Counter()
    for bag in bags:
        counts.update(bag.keys())
    total, known = background()
    documents = total + len(bags)
    out = []
    for b, bag in zip(briefings, bags, strict=True):
        weights = {
            lemma: weight * math.log((documents + 1) / (known.get(lemma, 0) + counts[lemma]))
            for lemma, weight in bag.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values()))
        unit = {lemma: w / norm for lemma, w in weights.items()} if norm else {}
        out.append(Profile(unit, publication_day(b.article.date)))
    return out


def similarity(a: Profile, b: Profile) -> float:
    """Cosine of the two lemma vectors (both unit length)."""
    small, large = a.weights, b.weights
    if len(small) > len(large):
        small, large = large, small
    return sum(min(w * large.get(lemma, 0.0), LEMMA_CAP) for lemma, w in small.items())


def days_apart(a: Profile, b: Profile) -> int | None:
    """Whole days between the two publication days; None when either is unknown."""
    if a.day is None or b.day is None:
        return None
    return abs((a.day - b.day).days)


def publication_day(text: str | None) -> date | None:
    """The day of an ISO date or timestamp ("2024-09-22", "2024-09-22T08:15:00+02:00")."""
    match = _ISO_DATE.match(text or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _bag(briefing: Briefing, tails: Counter[str | None]) -> dict[str, float]:
    """Lemma -> its place weight (the best place it stands) times 1 + log(its count)."""
    article = briefing.article
    title = article.title
    tail = _TAIL.search(title)
    if tail is not None and tails[_tail(title)] > 1:
        title = title[: tail.start()]
    places: dict[str, float] = {}
    counts: Counter[str] = Counter()
    for lemma in content_lemmas(title):
        places[lemma] = TITLE_WEIGHT
        counts[lemma] += 1
    seen = 0
    for line in article.body_lines():
        for lemma in content_lemmas(line):
            place = LEDE_WEIGHT if seen < LEDE_LEMMAS else 1.0
            seen += 1
            places[lemma] = max(places.get(lemma, 0.0), place)
            counts[lemma] += 1
    names = _name_lemmas(briefing)
    return {
        lemma: places[lemma] * (1 + math.log(n)) * (NAME_WEIGHT if lemma in names else 1.0)
        for lemma, n in counts.items()
    }


def _name_lemmas(briefing: Briefing) -> set[str]:
    m = briefing.mentions
    found = set()
    for name in (*m.people, *m.places, *m.organisations):
        for word in re.findall(r"[^\W\d_]+", name.lower()):
            lemma = lemma_of(word)
            if lemma:
                found.add(lemma)
    return found


def _tail(title: str) -> str | None:
    match = _TAIL.search(title)
    if not match or len(match[1].split()) > OUTLET_TAIL_WORDS:
        return None
    return match[1].lower()
