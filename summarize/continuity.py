"""Stories that continue across digests: today's stories matched to earlier ones.

With dated output folders (``out/%Y-%m-%d``) each day's digest holds only that day's
new articles, so yesterday's story and today's rarely share an article: they are
matched by what their articles say (names, and the content words of titles, summaries
and key points), or by a shared article when a digest is rebuilt or a window overlaps.
The history is the run state's ``story_days`` table (state.py), never the old
folders: a matched story keeps its id, so a reader can follow it from digest to digest,
and the entry links to the latest earlier digest that had it.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import quote

from summarize.briefing.story_summary import terms
from summarize.records import Continuation, Digest, StoryEntry
from summarize.state import RunState, StoryDay

# Two stories are one when the cosine of their word sets reaches this. Measured with
# `python -m devtools.story_continuity` on ../shared/realdata/stories: each hand-made story of
# two or more articles split in two halves (as two days' digests would hold it): 34 of
# 40 halves reach 0.2 (median 0.30); of 1,800 pairs of halves of different stories and
# distractors 3 do (99% below 0.14; the highest, 0.55, two days' Covid bulletins).
SAME_STORY = 0.2
# Earlier digests looked at: a story quiet for a month is a new story when it returns.
HISTORY_DAYS = 30
# The words a story is matched by: its most frequent ones, enough for a long story
# and a bounded row in the state.
STORY_TERMS = 200


def story_terms(entry: StoryEntry) -> tuple[str, ...]:
    """Names (as 'n:name') and content words of the story's titles, summaries, key points."""
    return ranked_terms(
        (
            (*b.mentions.people, *b.mentions.places, *b.mentions.organisations),
            [b.title.it, *(p.it for p in b.summary), *(p.it for p in b.key_points)],
        )
        for b in entry.briefings
    )


def ranked_terms(articles: Iterable[tuple[Iterable[str], Iterable[str]]]) -> tuple[str, ...]:
    """The ``STORY_TERMS`` commonest of the articles' (names, texts), most articles first."""
    counts: dict[str, int] = {}
    for names, texts in articles:
        for key in {"n:" + n.lower() for n in names} | terms(" ".join(texts)):
            counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts, key=lambda w: (-counts[w], w))
    return tuple(ranked[:STORY_TERMS])


def similarity(a: tuple[str, ...] | frozenset[str], b: tuple[str, ...] | frozenset[str]) -> float:
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / math.sqrt(len(sa) * len(sb))


class StoryHistory:
    """The run state's story history applied to one digest folder."""

    def __init__(
        self, state: RunState, root: Path, folder: str, identity: Callable[[str], str]
    ) -> None:
        self.state = state
        self.root = root
        self.folder = folder
        self.identity = identity
        self._terms: dict[str, tuple[str, ...]] = {}

    def link(self, digest: Digest, out: Path) -> None:
        """Give each story the id of the earlier story it continues, and a link to the
        latest earlier digest that had it when it has articles new to this digest."""
        if not self.state.active:
            return
        days = self.state.story_days(time.time() - HISTORY_DAYS * 86400)
        latest: dict[str, StoryDay] = {}
        for day in days:  # latest first
            latest.setdefault(day.story, day)
        taken: set[str] = set()
        for entry in digest.entries:
            match = self._match(entry, latest)
            if match is None:
                continue
            if match.story not in taken:  # a story's id is one entry's anchor
                taken.add(match.story)
                entry.id = match.story
            earlier = _earlier(days, match.story, self.folder)
            if earlier is None or not _has_new(digest, entry):
                continue
            if earlier.first_seen and (entry.first_seen or "9") > earlier.first_seen:
                entry.first_seen = earlier.first_seen
            entry.continues = self._continuation(earlier, out)

    def _match(self, entry: StoryEntry, latest: dict[str, StoryDay]) -> StoryDay | None:
        """The earlier story sharing the most articles, else the most similar one. Two of
        today's stories may continue one earlier story (the grouping split what it had
        joined); the first, the most widely covered, keeps its id."""
        keys = {self.identity(b.source) for b in entry.briefings}
        mine = self._terms.setdefault(entry.id, story_terms(entry))
        best: tuple[int, float, StoryDay] | None = None
        for day in latest.values():
            shared = len(keys & set(day.members))
            score = similarity(mine, day.terms)
            if not shared and score < SAME_STORY:
                continue
            if best is None or (shared, score) > best[:2]:
                best = (shared, score, day)
        return best[2] if best else None

    def _continuation(self, earlier: StoryDay, out: Path) -> Continuation:
        folder = self.root / earlier.folder
        base = os.path.relpath(folder, out) if folder.is_absolute() == out.is_absolute() else None
        prefix = quote(Path(base).as_posix()) if base else folder.resolve().as_uri()
        anchor = f"#story-{earlier.story}"
        return Continuation(
            story_id=earlier.story,
            folder=earlier.folder,
            html=f"{prefix}/digest.html{anchor}",
            markdown=f"{prefix}/digest.md",
            first_seen=earlier.first_seen or "",
            headline=earlier.headline,
        )

    def record(self, digest: Digest) -> None:
        """Remember this digest's stories, for the digests after it."""
        now = time.time()
        days = [
            StoryDay(
                story=e.id,
                folder=self.folder,
                written=now,
                first_seen=e.first_seen,
                headline=e.headline.it,
                members=tuple(self.identity(b.source) for b in e.briefings),
                terms=self._terms.get(e.id) or story_terms(e),
            )
            for e in digest.entries
        ]
        self.state.record_story_days(days, forget_before=now - HISTORY_DAYS * 86400)


def _earlier(days: list[StoryDay], story: str, folder: str) -> StoryDay | None:
    """The latest appearance of ``story`` in another folder's digest."""
    return next((d for d in days if d.story == story and d.folder != folder), None)


def _has_new(digest: Digest, entry: StoryEntry) -> bool:
    if digest.new is None:
        return True
    new = set(digest.new.new)
    return any(b.source in new for b in entry.briefings)
