"""File names made from titles: ASCII, unique, and unable to leave the output folder."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Long enough to tell headlines apart, short enough for any file system and a terminal.
MAX_SLUG_CHARS = 60

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def slugify(title: str) -> str:
    """Lowercase ASCII words joined by dashes; never empty, never a path."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_WORD.sub("-", ascii_text.lower()).strip("-")
    if len(slug) > MAX_SLUG_CHARS:
        slug = slug[:MAX_SLUG_CHARS].rsplit("-", 1)[0] or slug[:MAX_SLUG_CHARS]
    return slug or "article"


def unique_slugs(titles: Iterable[str]) -> list[str]:
    """Slugs in input order, numbered (-2, -3, ...) where two titles collide."""
    taken: set[str] = set()
    slugs = []
    for title in titles:
        base = slugify(title)
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs
