"""Stories as a reader of many outlets gets them: Story -> StoryEntry, in reading order.

A story entry has one headline chosen across its sources, one summary drawn from all
its articles (briefing/story_summary.py), the outlets that covered it and the days it
was seen. The grouping itself is briefing/stories.py's; this module only reads its
``Story`` records, so either can change without the other.
"""

from __future__ import annotations

import hashlib
import math
import re
from datetime import date, datetime
from pathlib import PurePath
from urllib.parse import urlsplit

from summarize.briefing.story_summary import story_summary, terms
from summarize.records import Briefing, Story, StoryEntry

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# A leading ordinal in a file name ("01_ansa.txt", "003-ilpost.html"): the order the
# user saved files in, not where they come from.
_ORDINAL = re.compile(r"^\d+[\s_.-]+")
# A file name that is only an identifier (a hash, a number) says nothing of its outlet.
_IDENTIFIER = re.compile(r"^(?:[0-9a-f]{8,}|\d+)$", re.IGNORECASE)


def outlet_of(briefing: Briefing) -> str:
    """Who published the article: the page's own site name, else its address's host,
    else, for a local file that says neither, the file's name without a leading
    ordinal (a saved "01_ansa.txt" is ANSA's), else, when the name is only an
    identifier (a hash or a number), the folder's name."""
    article = briefing.article
    if article.site and article.site.strip():
        return article.site.strip()
    for address in (article.url, briefing.source):
        host = urlsplit(address or "").hostname if "://" in (address or "") else None
        if host:
            return host.removeprefix("www.")
    path = PurePath(briefing.source)
    stem = _ORDINAL.sub("", path.stem)
    if stem and not _IDENTIFIER.match(stem):
        return stem
    return path.parent.name or stem or path.stem


def day_of(briefing: Briefing) -> date | None:
    """The article's publication day, where its page or text gave one."""
    found = _ISO_DAY.match(briefing.article.date or "")
    if not found:
        return None
    try:
        return date(*(int(g) for g in found.groups()))
    except ValueError:
        return None


def story_entries(stories: list[Story], now: datetime) -> list[StoryEntry]:
    """Every story as an entry, in reading order: stories of two or more articles first,
    the most outlets, then the most articles, then the most recent first; then the
    single articles, the most recent first (Python's sort is stable: ties keep the
    grouping's order)."""
    entries = [story_entry(story, now) for story in stories]

    def key(numbered: tuple[int, StoryEntry]) -> tuple[int, int, int, int, int]:
        i, e = numbered
        recent = date.fromisoformat(e.last_seen).toordinal() if e.last_seen else 0
        if len(e.coverage) < 2:
            return (1, 0, 0, -recent, i)
        return (0, -len(e.outlets), -len(e.coverage), -recent, i)

    return [e for _, e in sorted(enumerate(entries), key=key)]


def story_entry(story: Story, now: datetime) -> StoryEntry:
    members = sorted(story.briefings, key=lambda b: day_of(b) or date.max)
    coverage = [(outlet_of(b), b) for b in members]
    lead = headline_of(members)
    days = [day_of(b) or now.date() for b in members]
    return StoryEntry(
        id=story_id(b.source for b in members),
        headline=lead.title,
        coverage=coverage,
        summary=story_summary(coverage) if len(members) > 1 else [],
        first_seen=min(days).isoformat(),
        last_seen=max(days).isoformat(),
    )


def story_id(keys: object) -> str:
    """A story's id before the run state gives it one: its members' keys, hashed."""
    text = "\n".join(sorted(str(k) for k in keys))  # type: ignore[attr-defined]
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def headline_of(briefings: list[Briefing]) -> Briefing:
    """The briefing whose title becomes the story's headline: the most representative.

    Each title is scored by how many of its content words the other articles (their
    titles, summaries and key points) also use, divided by the square root of its own
    length. The words the outlets share are the story; a word only one title has is
    that outlet's angle or its style. Raw overlap would crown the longest title (more
    words, more chances to match), a plain share the shortest ("Maggie Smith" is all
    confirmed and says little); the square root sits between, as cosine similarity
    does. Ties go to the earliest published, then to the grouping's order. The title is
    already translated with its briefing, so the headline costs no translation.
    """
    if len(briefings) == 1:
        return briefings[0]
    words = [_said(b) for b in briefings]

    def score(i: int) -> tuple[float, int, int]:
        title = terms(briefings[i].title.it)
        if not title:
            return (0.0, 0, -i)
        shared = sum(len(title & words[j]) for j in range(len(briefings)) if j != i)
        day = day_of(briefings[i])
        return (shared / math.sqrt(len(title)), -(day or date.max).toordinal(), -i)

    return briefings[max(range(len(briefings)), key=score)]


def _said(briefing: Briefing) -> frozenset[str]:
    texts = [briefing.title.it, *(p.it for p in briefing.summary)]
    texts += [p.it for p in briefing.key_points]
    return terms(" ".join(texts))
