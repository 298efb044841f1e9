"""What every output shows, decided once: Markdown, HTML and JSON read the same values.

The summary's prose, the key points that already are the summary, the names in the
reader's language: each has one rule here, so the formats cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from summarize import __version__
from summarize.briefing.storyline import story_entries
from summarize.output.labels import count, labels_for
from summarize.records import Briefing, Digest, Name, Pair, StoryEntry, StoryPoint

_TERMINAL = tuple(".!?…:;\"”»)’'")
_WEB_ADDRESS = re.compile(r"^https?://[^\s<>\"'`\\]+$")


def is_web_address(url: object) -> bool:
    """An http(s) address safe to link to as it is (no spaces, quotes or brackets)."""
    return bool(_WEB_ADDRESS.match(str(url or "").strip()))


def sentences(items: Iterable[object] | None) -> str:
    """Join sentences into prose, ending each one that lacks it with a full stop."""
    parts = [str(item).strip() for item in items or [] if str(item or "").strip()]
    return " ".join(p if p.endswith(_TERMINAL) else p + "." for p in parts)


def summary_pair(briefing: Briefing) -> Pair:
    """The summary as one text in each language, joined by ``sentences``.

    A model summariser may write the target-language summary itself (``summary_target``);
    it wins over the sentence-by-sentence translations.
    """
    it = sentences(p.it for p in briefing.summary)
    if briefing.lang == "it":
        return Pair(it)
    target = briefing.summary_target or sentences(p.target for p in briefing.summary)
    return Pair(it, target)


def summary_points(briefing: Briefing) -> list[int]:
    """Numbers (from 1) of the key points that make up the whole summary, or [].

    An extractive summary picks its sentences from the same ranking as the key points,
    so it often repeats points 1 and 2 word for word. Then the briefing marks those
    points instead of printing them twice. A summary with any sentence of its own (any
    model summary, in practice) is shown in full, and this returns [].
    """
    if briefing.summary_target or not briefing.summary:
        return []  # a model wrote the translated summary itself: it has words of its own
    position = {p.it.strip(): n for n, p in enumerate(briefing.key_points, start=1)}
    numbers = [position.get(p.it.strip()) for p in briefing.summary]
    if any(n is None for n in numbers):
        return []
    return sorted({n for n in numbers if n is not None})


class NameBook:
    """Names in the reader's language, from one briefing or from all of a digest's."""

    def __init__(self, books: Iterable[dict[str, Name]]) -> None:
        self.names: dict[str, Name] = {}
        for book in books:
            for key, name in book.items():
                self.names.setdefault(key, name)

    @classmethod
    def of(cls, item: Briefing | Digest) -> NameBook:
        if isinstance(item, Briefing):
            return cls([item.names])
        return cls(b.names for b in item.briefings)

    def text(self, name: str) -> str:
        found = self.names.get(name)
        return found.text if found is not None else name

    def by_model(self, name: str) -> bool:
        found = self.names.get(name)
        return found is not None and found.origin == "model"

    def any_by_model(self, names: Iterable[str]) -> bool:
        return any(self.by_model(n) for n in names)


def common_context(lang: str) -> dict[str, Any]:
    """What every template of a run may use, whatever its format."""

    def counted(n: int, what: str) -> str:
        return count(lang, n, what)

    return {
        "lang": lang,
        "bilingual": lang != "it",
        "L": labels_for(lang),
        "count": counted,
        "version": __version__,
        "summary": summary_pair,
        "summary_points": summary_points,
        "is_web_address": is_web_address,
    }


def briefing_context(briefing: Briefing) -> dict[str, Any]:
    return {**common_context(briefing.lang), "b": briefing, "names": NameBook.of(briefing)}


def digest_context(digest: Digest) -> dict[str, Any]:
    entries = entries_of(digest)
    numbers = {b.slug: n for n, b in enumerate(story_order(digest), start=1)}
    return {
        **common_context(digest.lang),
        "d": digest,
        "numbers": numbers,
        "names": NameBook.of(digest),
        "date": _long_date(digest.generated_at),
        "stories": [e for e in entries if len(e.coverage) > 1],
        "singles": [e for e in entries if len(e.coverage) == 1],
        "story_text": story_text,
        "is_new": lambda b: _is_new(digest, b),
    }


def entries_of(digest: Digest) -> list[StoryEntry]:
    """The digest's story entries; made from its stories when a caller built the Digest
    by hand (``make_digest`` always fills them)."""
    return digest.entries or story_entries(digest.stories, digest.generated_at)


def story_order(digest: Digest) -> list[Briefing]:
    return [b for entry in entries_of(digest) for b in entry.briefings]


def story_text(points: list[StoryPoint], lang: str, differs: str = "") -> str:
    """A story summary as prose in one language (``it`` or the target), each attributed
    point followed by its outlets in brackets, "(ANSA)", and a point whose figures other
    outlets give differently by ``differs`` too: "(ANSA; outlets give different figures)"."""
    parts = []
    for point in points:
        text = point.text.it if lang == "it" else (point.text.target or point.text.it)
        text = sentences([text])
        if point.attributed:
            note = f"; {differs}" if point.differs and differs else ""
            text = f"{text} ({', '.join(point.outlets)}{note})"
        parts.append(text)
    return " ".join(parts)


def _is_new(digest: Digest, briefing: Briefing) -> bool:
    """Marked new: first seen by this run, when there was a digest before it to compare."""
    new = digest.new
    return new is not None and new.previous is not None and briefing.source in new.new


def _long_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip()
