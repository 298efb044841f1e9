"""Remove the briefings of inputs that are no longer given.

Only files brief wrote are ever removed: those the previous ``digest.json`` listed as
briefings (a file a user put in ``briefings/`` is never listed there), that this run did
not write again, whose input this run was not given at all. An input that is still given
but failed this time keeps its last briefing: a passing fault must not destroy it.
"""

from __future__ import annotations

import contextlib
import logging
import re
import stat
from collections.abc import Iterable
from pathlib import Path

from summarize.records import Digest
from summarize.wording import counted

log = logging.getLogger(__name__)

# Every format a briefing is written in (pipeline._write): a briefing's files go together,
# whatever this run wrote (a run that writes no briefing still removes stale .html files).
BRIEFING_FORMATS = (".md", ".html")

# What brief names a briefing: a slug (output/slugs.py) and .md, nothing else.
_BRIEFING_NAME = re.compile(r"briefings/[a-z0-9][a-z0-9-]*\.md")


def listed_briefings(previous: object | None) -> dict[str, str]:
    """Briefing path (``briefings/<slug>.md``) -> input source, from the previous digest
    (``output.files.read_digest``, read before the new one replaces it); a missing,
    damaged or foreign digest lists nothing.
    """
    if not isinstance(previous, dict) or "brief_version" not in previous:
        return {}
    try:
        listed = {a["briefing"]: a["source"] for a in previous["articles"]}
    except (TypeError, KeyError):
        return {}
    return {
        path: source
        for path, source in listed.items()
        if isinstance(path, str) and isinstance(source, str) and _BRIEFING_NAME.fullmatch(path)
    }


def tidy_briefings(
    out: Path, previous: dict[str, str], digest: Digest, written: Iterable[Path]
) -> list[Path]:
    """Delete the briefings ``previous`` listed whose input ``digest`` neither briefed nor
    failed and that this run did not write; return what was removed. Call it once the new
    digest is in place, so no digest ever links a removed file."""
    kept = {path.resolve() for path in written}
    sources = {b.source for b in digest.briefings} | {f.source for f in digest.failures}
    removed = []
    for name, source in sorted(previous.items()):
        listed = out / name
        if source in sources or listed.resolve() in kept:
            continue
        for path in sorted(listed.with_suffix(suffix) for suffix in BRIEFING_FORMATS):
            if path.resolve() in kept or not _regular(path):
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    if removed:
        log.info("removed %s of inputs no longer given", counted(len(removed), "briefing file"))
    return removed


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False
