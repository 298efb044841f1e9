"""One summary for a story told by several outlets: each fact once, with whose it is.

The sentences come from the articles' own summaries and key points, which the
translation stage has already translated (and cached): the story summary is made of
those pairs, so it is translated exactly once, with the rest of the run, and a rerun
translates nothing. Two sentences from different outlets that say the same thing
(their content words overlap past ``SAME_FACT``) are one point, credited to both; a
point fewer than all the story's outlets made carries their names ("(ANSA)"), and when
two outlets tell the same fact with different numbers both versions stay, each with
its outlet, marked as differing.

Selection: first the point most outlets confirm, then each outlet's best point not yet
said, in turns, so that every outlet's own facts get in before any outlet's second;
then, beside any chosen point, another outlet's version of it with other figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarize.language.words import LETTERS, light_stem
from summarize.lexicon.stopwords import ITALIAN_STOPWORDS
from summarize.records import Briefing, Pair, StoryPoint

# Two sentences are the same fact when this share of the shorter one's content words
# (light stems) is in the other. Measured with `python -m devtools.story_sentences` on
# ../shared/realdata/stories (summary and key-point sentences, --lang it): of 111,595
# pairs from different stories 99.9% are below 0.34 and 39 (0.03%) reach 0.5, nearly
# all two days' Covid bulletins (the same words, other numbers: the numbers test tells
# those apart); of 1,734 pairs from different outlets of one story 153 (8.8%) reach it
# (wire copy, the same lede reworded).
SAME_FACT = 0.5
# A sentence with fewer content words than this is never called the same as another
# (one shared name would be the whole overlap).
MIN_TERMS = 4
# The summary holds this many points for one article, one more for each further one,
# up to MAX_POINTS (besides other outlets' figures for a chosen fact): a briefing's own
# summary is two sentences (SummaryOptions), a story of two outlets needs room for a
# fact of each beside the one they share, and a story is read at a glance.
BASE_POINTS = 3
MAX_POINTS = 6

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass
class _Sentence:
    text: Pair
    outlet: str
    rank: int  # position among its article's sentences
    member: int  # position of its article in the story
    terms: frozenset[str]
    numbers: frozenset[str]
    support: set[str] = field(default_factory=set)


def terms(text: str) -> frozenset[str]:
    """The content words of a sentence, lightly stemmed, as the same-fact test reads them."""
    words = (w.lower() for w in LETTERS.findall(text))
    return frozenset(light_stem(w) for w in words if len(w) > 2 and w not in ITALIAN_STOPWORDS)


def numbers(text: str) -> frozenset[str]:
    """Numbers as written facts: "2.128" and "2128" alike, decimal commas kept apart."""
    found = set()
    for raw in _NUMBER.findall(text):
        if "," in raw:
            whole, _, decimals = raw.rpartition(",")
            found.add(whole.replace(".", "") + "," + decimals)
        else:
            found.add(raw.replace(".", ""))
    return frozenset(found)


def same_fact(a: frozenset[str], b: frozenset[str]) -> bool:
    if min(len(a), len(b)) < MIN_TERMS:
        return False
    return len(a & b) / min(len(a), len(b)) >= SAME_FACT


def story_summary(coverage: list[tuple[str, Briefing]]) -> list[StoryPoint]:
    """The story's points, most confirmed first; see the module docstring."""
    sentences = _sentences(coverage)
    if not sentences:
        return []
    for s in sentences:
        s.support = {
            o.outlet
            for o in sentences
            if o is s or (same_fact(s.terms, o.terms) and not _numbers_differ(s, o))
        }
    outlets = list(dict.fromkeys(outlet for outlet, _ in coverage))
    budget = min(MAX_POINTS, BASE_POINTS + len(coverage) - 1)
    ranked = sorted(sentences, key=lambda s: (-len(s.support), s.member, s.rank))
    chosen: list[_Sentence] = [ranked[0]]
    differing: set[int] = set()
    while len(chosen) < budget:
        added = False
        # articles of the outlets with fewest points so far go first, then the articles
        # with fewest: every outlet before any outlet's second point
        for member in sorted(range(len(coverage)), key=lambda m: _turn(m, coverage, chosen)):
            pick = _next_point(ranked, member, chosen)
            if pick is not None and len(chosen) < budget:
                chosen.append(pick)
                added = True
        if not added:
            break
    chosen = _with_other_figures(chosen, ranked, differing)
    return [_point(s, outlets, id(s) in differing) for s in chosen]


def _with_other_figures(
    chosen: list[_Sentence], ranked: list[_Sentence], differing: set[int]
) -> list[_Sentence]:
    """Each chosen point followed by another outlet's version of the same fact with other
    numbers, when there is one, whatever the budget: figures that disagree are news."""
    shown = list(chosen)
    for c in chosen:
        if id(c) in differing:
            continue
        other = next(
            (
                s
                for s in ranked
                if s not in shown
                and s.outlet not in c.support
                and same_fact(s.terms, c.terms)
                and _numbers_differ(s, c)
            ),
            None,
        )
        if other is not None:
            differing.update((id(c), id(other)))
            shown.insert(shown.index(c) + 1, other)
    return shown


def _sentences(coverage: list[tuple[str, Briefing]]) -> list[_Sentence]:
    found = []
    for member, (outlet, briefing) in enumerate(coverage):
        seen: set[str] = set()
        for rank, pair in enumerate([*briefing.summary, *briefing.key_points]):
            key = pair.it.strip()
            if not key or key in seen:
                continue
            seen.add(key)
            found.append(_Sentence(pair, outlet, rank, member, terms(pair.it), numbers(pair.it)))
    return found


def _turn(member: int, coverage: list[tuple[str, Briefing]], chosen: list[_Sentence]) -> tuple:
    outlet = coverage[member][0]
    return (
        sum(c.outlet == outlet for c in chosen),
        sum(c.member == member for c in chosen),
        member,
    )


def _next_point(ranked: list[_Sentence], member: int, chosen: list[_Sentence]) -> _Sentence | None:
    """The article's best sentence that adds a fact not yet said."""
    for s in ranked:
        if s.member != member or s in chosen:
            continue
        if not any(same_fact(s.terms, c.terms) or s.text.it == c.text.it for c in chosen):
            return s
    return None


def _numbers_differ(a: _Sentence, b: _Sentence) -> bool:
    """Each gives a number the other does not: "200 millimetri" against "250"; one that
    only adds a figure ("statale 36" against "statale 36, cento metri") does not differ."""
    return bool(a.numbers - b.numbers and b.numbers - a.numbers)


def _point(s: _Sentence, outlets: list[str], differs: bool) -> StoryPoint:
    """Credited to every outlet that said the same fact with the same numbers."""
    names = tuple(o for o in outlets if o in s.support)
    attributed = len(outlets) > 1 and (differs or len(names) < len(outlets))
    return StoryPoint(s.text, names, attributed, differs)
