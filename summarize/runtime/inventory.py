"""What brief's own SQLite files hold: the result cache and a run state, counted for
``brief cache`` (entries, room on disk, oldest and newest, per kind). Read-only; the
counting reads every row once, which is fine for a command and never done by a run."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from summarize.runtime.retention import disk_bytes, last_pruned, live_bytes
from summarize.runtime.sqlite import has_table

BUSY_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class Group:
    """One kind of entry: how many, and the oldest and newest of their times."""

    label: str
    entries: int
    oldest: float | None = None
    newest: float | None = None


@dataclass
class Inventory:
    path: Path
    exists: bool
    disk: int = 0  # the file and its write-ahead log
    live: int = 0  # pages in use
    entries: int = 0
    oldest: float | None = None
    newest: float | None = None
    pruned: float | None = None  # when retention last ran on it
    groups: list[Group] = field(default_factory=list)


def open_existing(path: Path) -> sqlite3.Connection:
    """A connection to a file that must already exist (never creates one)."""
    if not path.is_file():
        raise FileNotFoundError(path)
    return sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)


def cache_inventory(path: Path) -> Inventory:
    """Entries of the result cache by kind and model; times are last uses."""
    if not path.is_file():
        return Inventory(path, exists=False)
    db = open_existing(path)
    try:
        found = Inventory(path, True, disk_bytes(path), live_bytes(db), pruned=last_pruned(db))
        rows = db.execute(
            "SELECT key, count(*), min(created), max(created) FROM translations GROUP BY key"
        ).fetchall()
    finally:
        db.close()
    groups: dict[str, list[tuple[int, float, float]]] = {}
    for key, count, oldest, newest in rows:
        groups.setdefault(_cache_label(str(key)), []).append((count, oldest, newest))
    for label, parts in sorted(groups.items()):
        found.groups.append(
            Group(
                label,
                sum(p[0] for p in parts),
                min(p[1] for p in parts),
                max(p[2] for p in parts),
            )
        )
    _totals(found)
    return found


def _cache_label(key: str) -> str:
    """``translations, hub:Helsinki-NLP/opus-mt-it-en@1a2b3c4, ctranslate2`` from a key."""
    parts = key.split("|")
    kind = "summaries" if parts[0] == "summary" else "translations"
    parts = parts[1:] if parts[0] == "summary" else parts
    identity = parts[0]
    if "@" in identity:
        name, _, commit = identity.rpartition("@")
        identity = f"{name}@{commit[:7]}"
    engine = next((p.split("=", 1)[1] for p in parts if p.startswith("engine=")), None)
    return ", ".join(x for x in (kind, identity, engine) if x)


# (label, query of count, oldest, newest): what a run state holds, kind by kind.
_STATE_GROUPS = (
    (
        "articles from files",
        "SELECT count(*), min(first_seen), max(first_seen) FROM articles WHERE kind != 'web'",
    ),
    (
        "articles from the web",
        "SELECT count(*), min(first_seen), max(first_seen) FROM articles WHERE kind = 'web'",
    ),
    (
        "  with their text kept",
        "SELECT count(*), min(first_seen), max(first_seen) FROM articles WHERE article IS NOT NULL",
    ),
    ("links to known articles", "SELECT count(*), NULL, NULL FROM aliases"),
    (
        "feeds (last copy)",
        "SELECT count(*), min(fetched), max(fetched) FROM validators WHERE url NOT LIKE 'robots:%'",
    ),
    (
        "robots.txt",
        "SELECT count(*), min(fetched), max(fetched) FROM validators WHERE url LIKE 'robots:%'",
    ),
    ("digests", "SELECT count(*), min(written), max(written) FROM digests"),
    ("runs", "SELECT count(*), min(started), max(started) FROM runs"),
)
# Tables a state written by an older brief may lack.
_LATER_GROUPS = {
    "failures": (
        "failures remembered",
        "SELECT count(*), min(first_seen), max(last_seen) FROM failures",
    ),
    "claims": ("addresses claimed, not yet checked", "SELECT count(*), NULL, NULL FROM claims"),
}


def state_inventory(path: Path) -> Inventory:
    """Records of a run state by kind; article times are first sightings."""
    if not path.is_file():
        return Inventory(path, exists=False)
    db = open_existing(path)
    try:
        found = Inventory(path, True, disk_bytes(path), live_bytes(db), pruned=last_pruned(db))
        queries = list(_STATE_GROUPS)
        for table, group in _LATER_GROUPS.items():
            if has_table(db, table):
                queries.append(group)
        for label, sql in queries:
            count, oldest, newest = db.execute(sql).fetchone()
            found.groups.append(Group(label, count, oldest, newest))
    finally:
        db.close()
    articles = [g for g in found.groups if g.label.startswith("articles")]
    found.entries = sum(g.entries for g in articles)
    _span(found, articles)
    return found


def _totals(found: Inventory) -> None:
    found.entries = sum(g.entries for g in found.groups)
    _span(found, found.groups)


def _span(found: Inventory, groups: list[Group]) -> None:
    olds = [g.oldest for g in groups if g.oldest is not None]
    news = [g.newest for g in groups if g.newest is not None]
    found.oldest = min(olds) if olds else None
    found.newest = max(news) if news else None
