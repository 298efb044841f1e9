"""Briefings -> Digest: stories (articles on the same story together, as entries a reader
reads: briefing/storyline.py), who's who, run facts."""

from __future__ import annotations

from datetime import datetime

from summarize.briefing.stories import group_stories
from summarize.briefing.storyline import story_entries
from summarize.records import Briefing, Digest, Failure, Person, RunFacts


def make_digest(
    briefings: list[Briefing],
    failures: list[Failure],
    facts: RunFacts,
    *,
    lang: str,
    generated_at: datetime | None = None,
) -> Digest:
    now = generated_at or datetime.now().astimezone()
    stories = group_stories(briefings)
    return Digest(
        lang=lang,
        generated_at=now,
        briefings=briefings,
        stories=stories,
        whos_who=whos_who(briefings),
        failures=failures,
        facts=facts,
        entries=story_entries(stories, now),
    )


def whos_who(briefings: list[Briefing]) -> list[Person]:
    """People first, then organisations and places; most widely mentioned first.

    Transliterations of one person (Sergei/Sergey Shoigu) are one entry, under the
    spelling met first.
    """
    # slugs as dict keys: an ordered set, so 10,000 briefings naming Roma stay linear
    seen: dict[tuple[str, str], tuple[str, dict[str, None]]] = {}
    for b in briefings:
        m = b.mentions
        for kind, names in (
            ("people", m.people),
            ("organisations", m.organisations),
            ("places", m.places),
        ):
            for name in names:
                key = (kind, _name_key(name) if kind == "people" else name.lower())
                seen.setdefault(key, (name, {}))[1].setdefault(b.slug)
    order = {"people": 0, "organisations": 1, "places": 2}
    people = [
        Person(name, kind, tuple(slugs), len(slugs)) for (kind, _), (name, slugs) in seen.items()
    ]
    people.sort(key=lambda p: (order[p.kind], -p.count, p.name))
    return people


# Transliterated first names differ in their endings (Sergei/Sergey, Dmitri/Dmitry,
# Andrei/Andrey); four letters keep Mark and Mario apart.
_FIRST_NAME_PREFIX = 4


def _name_key(name: str) -> str:
    parts = name.lower().split()
    if len(parts) < 2:
        return name.lower()
    return f"{parts[0][:_FIRST_NAME_PREFIX]} {' '.join(parts[1:])}"
