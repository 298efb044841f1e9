"""What story grouping compares of an article: a weighted bag of content lemmas, and
the day it was published when known.

Words are lemmas, and figures ("10.176") count as words. A word's weight is how rare it
is (IDF), times where it stands (the title and the lede
say what the story is; the rest wanders off to background), times whether it is part of
a name (people, places and organisations tell one event from another of the same kind
far better than common words do). Repeats add only logarithmically, so a long article
does not outvote a snippet by sheer length, and vectors are unit length: a feed snippet
of fifty words meets a full article, or another snippet, on the same scale. No shared
word adds more than ``LEMMA_CAP`` to a similarity: a story takes several.

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

from summarize.cleaning.cues import MONTH_ALTERNATIVES
from summarize.language.lemmas import lemma_of
from summarize.lexicon.calendar import ITALIAN_MONTHS, WEEKDAY_NAMES
from summarize.lexicon.frequencies import background
from summarize.records import Briefing

# Weights of a lemma by where it first stands: in the title, in the lede (the first
# LEDE_LEMMAS content lemmas of the body), further down. Chosen with the thresholds by
# devtools/calibrate_stories.py (the figures are beside the thresholds in stories.py);
# grid: title 3-4, lede 1.5-2, names 1.5-2, lemma cap 0.08-0.15.
TITLE_WEIGHT = 3.0
LEDE_WEIGHT = 1.5
LEDE_LEMMAS = 40
# A lemma that is part of a mentioned name weighs this many times a common word's.
NAME_WEIGHT = 1.5
# No lemma adds more than this to a similarity: one shared word, however rare and
# prominent (the town both articles are datelined from), does not make a story.
# Without it, 1,000 generated articles made stories of up to 25 by town (precision
# 0.24); with 0.1, 8 (0.98); 0.15 scores a little higher on real news but lets
# 10,000 generated articles make stories of 16.
LEMMA_CAP = 0.1
# A title's tail after " - " or " | " of at most this many words is an outlet's name
# ("... - Corriere della Sera") when another title in the inbox ends the same way: it
# names who published, not what happened, and would join every article of that outlet.
OUTLET_TAIL_WORDS = 5

# Body lines searched for a dateline: a snippet's description, then its text.
DATELINE_LINES = 2

# Figures shorter than this ("2 bambini", "8 maggio") are too common to tell stories apart.
MIN_FIGURE_CHARS = 2

_TERM = re.compile(r"[^\W\d_]+|\d+(?:[.,]\d+)*")
_ANY_YEAR = 2001
# Italian weekdays, with and without the accent ("lunedì", "lunedi")
_ITALIAN_DAYS = [row.split()[0] for row in WEEKDAY_NAMES]
_WEEKDAY = "|".join(_ITALIAN_DAYS + [d[:-1] + "i" for d in _ITALIAN_DAYS if d.endswith("ì")])
_TODAY = re.compile(
    rf"\boggi,?\s+(?:(?:{_WEEKDAY}),?\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_ALTERNATIVES})\b"
    rf"(?:\s+(?P<year>\d{{4}}))?",
    re.I,
)
_AGENCY = re.compile(
    rf"[A-ZÀ-Ý][A-ZÀ-Ý' ]{{2,}},\s+(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_ALTERNATIVES})\b\.?"
    rf"(?:\s+(?P<year>\d{{4}}))?\s+[-–—]",
    re.I,
)
# A line opening with a full date, year included ("16 maggio 2021", "domenica 16 maggio
# 2021"): the date a page prints above its text.
_OPENING = re.compile(
    rf"\s*(?:(?:{_WEEKDAY}),?\s+)?(?P<day>\d{{1,2}})\s+(?P<month>{MONTH_ALTERNATIVES})\s+"
    rf"(?P<year>\d{{4}})(?!\d)",
    re.I,
)
_TAIL = re.compile(r"\s+[-|–—]\s+([^-|–—]+?)\s*$")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


# (year or None when the text names only day and month, month, day)
Day = tuple[int | None, int, int]


@dataclass(frozen=True)
class Profile:
    """A unit-length lemma vector, and the article's publication day when known."""

    weights: dict[str, float]
    day: Day | None

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
        article = b.article
        day = publication_day(article.date) or dateline_day(
            [article.title, *article.body_lines()[:DATELINE_LINES]]
        )
        out.append(Profile(unit, day))
    return out


def similarity(a: Profile, b: Profile) -> float:
    """Cosine of the two lemma vectors (both unit length)."""
    small, large = a.weights, b.weights
    if len(small) > len(large):
        small, large = large, small
    return sum(min(w * large.get(lemma, 0.0), LEMMA_CAP) for lemma, w in small.items())


def days_apart(a: Profile, b: Profile) -> int | None:
    """Whole days between the two publication days; None when either is unknown. A day
    without its year is taken in the other's year, and the nearer way round the year."""
    if a.day is None or b.day is None:
        return None
    (ya, ma, da), (yb, mb, db) = a.day, b.day
    if ya is not None and yb is not None:
        return abs((_date(ya, ma, da) - _date(yb, mb, db)).days)
    year = ya or yb or _ANY_YEAR
    apart = abs((_date(year, ma, da) - _date(year, mb, db)).days)
    return min(apart, 365 - apart)


def publication_day(text: str | None) -> Day | None:
    """The day of an ISO date or timestamp ("2024-09-22", "2024-09-22T08:15:00+02:00")."""
    match = _ISO_DATE.match(text or "")
    if not match:
        return None
    return _valid(int(match[1]), int(match[2]), int(match[3]))


def dateline_day(lines: list[str]) -> Day | None:
    """The day a title or lede says is today's ("il bollettino di oggi 16 maggio", "oggi
    sabato 8 maggio 2021"), an agency dateline gives ("ROMA, 22 SET -") or a line opens
    with, year included ("16 maggio 2021")."""
    for line in lines:
        match = _TODAY.search(line) or _AGENCY.match(line) or _OPENING.match(line)
        if match:
            year = int(match["year"]) if match["year"] else None
            month = ITALIAN_MONTHS[match["month"].lower()[:3]]
            return _valid(year, month, int(match["day"]))
    return None


def _valid(year: int | None, month: int, day: int) -> Day | None:
    try:
        _date(year or _ANY_YEAR, month, day)
    except ValueError:
        return None
    return (year, month, day)


def _date(year: int, month: int, day: int) -> date:
    # 29 February of a year without it: the 28th, a day is near enough here
    if month == 2 and day == 29:
        day = 28
    return date(year, month, day)


def _bag(briefing: Briefing, tails: Counter[str | None]) -> dict[str, float]:
    """Lemma -> its place weight (the best place it stands) times 1 + log(its count)."""
    article = briefing.article
    title = article.title
    tail = _TAIL.search(title)
    if tail is not None and tails[_tail(title)] > 1:
        title = title[: tail.start()]
    places: dict[str, float] = {}
    counts: Counter[str] = Counter()
    for lemma in _terms(title):
        places[lemma] = TITLE_WEIGHT
        counts[lemma] += 1
    seen = 0
    for line in article.body_lines():
        for lemma in _terms(line):
            place = LEDE_WEIGHT if seen < LEDE_LEMMAS else 1.0
            seen += 1
            places[lemma] = max(places.get(lemma, 0.0), place)
            counts[lemma] += 1
    names = _name_lemmas(briefing)
    return {
        lemma: places[lemma] * (1 + math.log(n)) * (NAME_WEIGHT if lemma in names else 1.0)
        for lemma, n in counts.items()
    }


def _terms(text: str) -> list[str]:
    """Content lemmas and figures ("10.176", "93", "2021"): a report's numbers tell one
    day's bulletin from the next, as names tell one event from another."""
    found = []
    for token in _TERM.findall(text):
        if token[0].isdigit():
            if len(token) >= MIN_FIGURE_CHARS:
                found.append(token)
        else:
            lemma = lemma_of(token.lower())
            if lemma:
                found.append(lemma)
    return found


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
