"""How long brief keeps what it stores for itself, and the pruning that applies it.

Two SQLite files grow with every run: the result cache (a row per translated sentence
or model summary, about 1.5 kB with its key) and the run state (a row per article seen,
web articles with their cleaned text). An hourly cron job following a few feeds fills
gigabytes a year without a limit, so:

- cache: a row not used for ``cache_max_age`` (30 days) goes, and when the live data pass
  ``cache_max_size`` (512 MiB) the least recently used rows go until 90% of it is left.
  A row's ``created`` is its last use: a hit refreshes it at most once a day (``TOUCH_EVERY``),
  so an hourly rerun writes nothing most hours;
- state: an article not met for ``state_max_age`` (90 days; met = in an input, a feed or a
  known link) is forgotten with its stored text, its addresses and the addresses its page
  claimed; records of runs, digests, feed validators and remembered failures older than
  that go too (the latest run stays).

Pruning runs at most once a day per file (``brief_meta`` remembers when) or when the cache
is over its size, which SQLite's page counts tell without reading a row; so most runs pay
one small query. Freed pages go back to the file system in files made by this version
(incremental auto-vacuum); older files stop growing and ``brief cache prune`` shrinks them.
The limits come from ``BRIEF_CACHE_MAX_AGE``, ``BRIEF_CACHE_MAX_SIZE`` and
``BRIEF_STATE_MAX_AGE`` (``off`` for no limit). Pruning never fails a run: a locked or
read-only file is left for the next one.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import re
import sqlite3
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from summarize.runtime.sqlite import has_table

log = logging.getLogger(__name__)

DAY = 86400.0
MIB = 1024 * 1024
PRUNE_EVERY = DAY
TOUCH_EVERY = DAY  # a row's last use is refreshed at most this often
SIZE_HEADROOM = 0.9  # a cache over its size is pruned to this share of it

ENV_CACHE_AGE = "BRIEF_CACHE_MAX_AGE"
ENV_CACHE_SIZE = "BRIEF_CACHE_MAX_SIZE"
ENV_STATE_AGE = "BRIEF_STATE_MAX_AGE"

META = "CREATE TABLE IF NOT EXISTS brief_meta (name TEXT PRIMARY KEY, value REAL NOT NULL)"
SEEN = "CREATE TABLE IF NOT EXISTS brief_seen (identity TEXT PRIMARY KEY, last_seen REAL NOT NULL)"

_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d|w|y)?\s*$", re.IGNORECASE)
_AGE_UNITS = {"m": 60, "min": 60, "h": 3600, "d": DAY, "w": 7 * DAY, "y": 365 * DAY}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(k|m|g|t)?(i?b)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"k": 1024, "m": MIB, "g": 1024 * MIB, "t": 1024 * 1024 * MIB}
_OFF = {"off", "none", "never", "unlimited"}


def parse_age(text: str) -> float | None:
    """Seconds from ``30d``/``12h``/``2w``/``1y`` (a bare number is days); None for ``off``.
    ValueError if unreadable."""
    value = text.strip().lower()
    if value in _OFF:
        return None
    match = _AGE.match(value)
    if not match:
        raise ValueError(f"{text!r} is not an age; use 30d, 12h, 2w, 1y or off")
    return float(match.group(1)) * _AGE_UNITS[match.group(2) or "d"]


def parse_size(text: str) -> int | None:
    """Bytes from ``512MiB``/``1G``/``200MB`` (binary units; a bare number is MiB); None for
    ``off``. ValueError if unreadable."""
    value = text.strip().lower()
    if value in _OFF:
        return None
    match = _SIZE.match(value)
    if not match or (match.group(3) and not match.group(2) and match.group(3) != "b"):
        raise ValueError(f"{text!r} is not a size; use 512MiB, 2GiB, 200MB or off")
    number = float(match.group(1))
    unit = match.group(2)
    if unit is None:
        return int(number * (1 if match.group(3) else MIB))
    return int(number * _SIZE_UNITS[unit])


def show_age(seconds: float | None) -> str:
    if seconds is None:
        return "off"
    if seconds >= DAY:
        return f"{seconds / DAY:g}d"
    return f"{seconds / 3600:g}h"


def show_size(size: float | None) -> str:
    if size is None:
        return "off"
    for unit, scale in (("GiB", 1024 * MIB), ("MiB", MIB), ("KiB", 1024)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{int(size)} B"


@dataclass(frozen=True)
class Retention:
    """How long the cache and the run state keep what they hold (None: no limit)."""

    # One hourly feed job re-reads its day's articles all day; a month unused means the
    # articles are gone from the inputs, and a miss then costs one translation again.
    cache_max_age: float | None = 30 * DAY
    cache_max_size: int | None = 512 * MIB
    # Feeds keep items for days to weeks; 90 days unseen is well past any feed's window,
    # so a forgotten article does not come back as new.
    state_max_age: float | None = 90 * DAY

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] | None = None) -> Retention:
        """The limits set in the environment; an unreadable value is said once and the
        default kept (retention is never a reason for a run to fail)."""
        env = os.environ if environ is None else environ
        default = cls()
        values: dict[str, float | int | None] = {}
        for name, attr, parse in (
            (ENV_CACHE_AGE, "cache_max_age", parse_age),
            (ENV_CACHE_SIZE, "cache_max_size", parse_size),
            (ENV_STATE_AGE, "state_max_age", parse_age),
        ):
            text = env.get(name, "").strip()
            if not text:
                continue
            try:
                values[attr] = parse(text)
            except ValueError as exc:
                kept = getattr(default, attr)
                shown = show_size(kept) if attr == "cache_max_size" else show_age(kept)
                log.warning("%s: %s; the default %s is used", name, exc, shown)
        return cls(**values)  # type: ignore[arg-type]


@dataclass
class Pruned:
    """What one pruning removed (or would remove, in a dry run), and the live data before
    and after, in bytes."""

    removed: dict[str, int] = field(default_factory=dict)  # by what, a singular noun
    before: int = 0
    after: int = 0
    dry_run: bool = False
    note: str | None = None  # what was kept on purpose, for the person pruning

    @property
    def rows(self) -> int:
        return sum(self.removed.values())


def live_bytes(db: sqlite3.Connection) -> int:
    """Bytes of the file in use (pages not on the free list): no row is read."""
    page = db.execute("PRAGMA page_size").fetchone()[0]
    count = db.execute("PRAGMA page_count").fetchone()[0]
    free = db.execute("PRAGMA freelist_count").fetchone()[0]
    return int(page * (count - free))


def disk_bytes(path: Path) -> int:
    """The database and its write-ahead log as they take room on disk."""
    total = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            total += path.with_name(path.name + suffix).stat().st_size
    return total


def last_pruned(db: sqlite3.Connection) -> float | None:
    if not has_table(db, "brief_meta"):
        return None
    row = db.execute("SELECT value FROM brief_meta WHERE name = 'pruned'").fetchone()
    return float(row[0]) if row else None


def _due(db: sqlite3.Connection, now: float) -> bool:
    pruned = last_pruned(db)
    return pruned is None or now - pruned >= PRUNE_EVERY or pruned > now


# --- the result cache -----------------------------------------------------------------------


def prune_cache(
    db: sqlite3.Connection,
    max_age: float | None,
    max_size: int | None,
    *,
    now: float | None = None,
    dry_run: bool = False,
) -> Pruned:
    """Remove rows unused for ``max_age``, then the least recently used while the live data
    pass ``max_size``; one transaction, rolled back in a dry run."""
    now = time.time() if now is None else now
    report = Pruned(before=live_bytes(db), dry_run=dry_run)
    with _transaction(db, keep=not dry_run):
        if max_age is not None:
            gone = db.execute("DELETE FROM translations WHERE created < ?", (now - max_age,))
            report.removed["unused entry"] = gone.rowcount
        for _ in range(3):  # pages that are no row's (schema, B-tree inner pages) stay
            if max_size is None or live_bytes(db) <= max_size:
                break
            over = report.removed.get("least recently used entry", 0)
            report.removed["least recently used entry"] = over + _shrink_cache(db, max_size)
        _mark(db, now)
        report.after = live_bytes(db)
    if not dry_run:
        give_back(db)
    return report


def _shrink_cache(db: sqlite3.Connection, max_size: int) -> int:
    """Drop the least recently used rows, in proportion to how far the live data are over
    ``max_size``: one sort by last use, no row-by-row loop."""
    live = live_bytes(db)
    count = db.execute("SELECT count(*) FROM translations").fetchone()[0]
    excess = math.ceil(count * (1 - SIZE_HEADROOM * max_size / live)) if live else 0
    if excess <= 0 or count == 0:
        return 0
    return db.execute(
        "DELETE FROM translations WHERE (key, source) IN "
        "(SELECT key, source FROM translations ORDER BY created LIMIT ?)",
        (min(excess, count),),
    ).rowcount


def maintain_cache(
    db: sqlite3.Connection, policy: Retention, now: float | None = None
) -> Pruned | None:
    """Prune when a day has passed since the last pruning, or the cache is over its size."""
    now = time.time() if now is None else now
    over = policy.cache_max_size is not None and live_bytes(db) > policy.cache_max_size
    if not over and not _due(db, now):
        return None
    return prune_cache(db, policy.cache_max_age, policy.cache_max_size, now=now)


def touch_statement() -> str:
    """Refresh a row's last use; ``created`` older than the cutoff only, so at most once a day."""
    return "UPDATE translations SET created = ? WHERE key = ? AND source = ? AND created < ?"


# --- the run state --------------------------------------------------------------------------


def prune_state(
    db: sqlite3.Connection, max_age: float, *, now: float | None = None, dry_run: bool = False
) -> Pruned:
    """Forget what was last met more than ``max_age`` ago; see the module docstring."""
    now = time.time() if now is None else now
    cutoff = now - max_age
    report = Pruned(before=live_bytes(db), dry_run=dry_run)
    tracked = last_pruned(db) is not None
    with _transaction(db, keep=not dry_run):
        ensure_state_tables(db)
        removed = report.removed
        if not tracked:
            report.note = (
                "articles kept: no run has recorded yet which ones it still meets "
                "(a day of runs does)"
            )
            cutoff_articles = -math.inf
        else:
            cutoff_articles = cutoff
        removed["article"] = db.execute(
            "DELETE FROM articles WHERE first_seen < ?1 AND NOT EXISTS (SELECT 1 FROM "
            "brief_seen s WHERE s.identity = articles.identity AND s.last_seen >= ?1)",
            (cutoff_articles,),
        ).rowcount
        db.execute("DELETE FROM brief_seen WHERE identity NOT IN (SELECT identity FROM articles)")
        removed["link"] = db.execute(
            "DELETE FROM aliases WHERE identity NOT IN (SELECT identity FROM articles)"
        ).rowcount
        if has_table(db, "claims"):
            removed["claim"] = db.execute(
                "DELETE FROM claims WHERE identity NOT IN (SELECT identity FROM articles)"
            ).rowcount
        removed["feed or robots.txt copy"] = db.execute(
            "DELETE FROM validators WHERE fetched < ?", (cutoff,)
        ).rowcount
        removed["digest"] = db.execute("DELETE FROM digests WHERE written < ?", (cutoff,)).rowcount
        removed["run"] = db.execute(
            "DELETE FROM runs WHERE started < ? AND started < (SELECT max(started) FROM runs)",
            (cutoff,),
        ).rowcount
        if has_table(db, "failures"):
            removed["failure"] = db.execute(
                "DELETE FROM failures WHERE last_seen < ?", (cutoff,)
            ).rowcount
        _mark(db, now)
        report.after = live_bytes(db)
    if not dry_run:
        give_back(db)
    return report


def ensure_state_tables(db: sqlite3.Connection) -> None:
    """The tables retention keeps in the state file, made on first need."""
    for statement in (META, SEEN):
        db.execute(statement)


def maintain_state(
    db: sqlite3.Connection, policy: Retention, now: float | None = None
) -> Pruned | None:
    """Prune when a day has passed since the last pruning. A file never pruned only starts
    the clock: a state from before retention has no record of what was met lately, and a
    day of runs records it before anything is forgotten."""
    now = time.time() if now is None else now
    if policy.state_max_age is None:
        return None
    if last_pruned(db) is None:
        with _transaction(db):
            ensure_state_tables(db)
            _mark(db, now)
        return None
    if not _due(db, now):
        return None
    return prune_state(db, policy.state_max_age, now=now)


def touch_seen(db: sqlite3.Connection, identities: set[str], now: float | None = None) -> None:
    """Record that these known articles were met again (an input, a feed item, a link), at
    most once a day each, so pruning keeps what is still around."""
    if not identities:
        return
    now = time.time() if now is None else now
    rows = [(identity, now, now - TOUCH_EVERY) for identity in sorted(identities)]
    with _transaction(db):
        ensure_state_tables(db)
        db.executemany(
            "INSERT INTO brief_seen VALUES (?1, ?2) ON CONFLICT (identity) "
            "DO UPDATE SET last_seen = ?2 WHERE last_seen < ?3",
            rows,
        )


# --- shared ---------------------------------------------------------------------------------


@contextlib.contextmanager
def _transaction(db: sqlite3.Connection, *, keep: bool = True) -> Iterator[None]:
    """One write transaction: committed (or, ``keep=False``, rolled back: a dry run), and
    rolled back on any error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT" if keep else "ROLLBACK")


def _mark(db: sqlite3.Connection, now: float) -> None:
    db.execute(META)
    db.execute("INSERT OR REPLACE INTO brief_meta VALUES ('pruned', ?)", (now,))


def give_back(db: sqlite3.Connection) -> None:
    """Return free pages to the file system where the file allows it (incremental
    auto-vacuum), and fold the write-ahead log into the file."""
    db.executescript("PRAGMA incremental_vacuum;")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()


def compact(db: sqlite3.Connection) -> None:
    """Rewrite the whole file without its free pages (and with incremental auto-vacuum from
    now on): what ``brief cache prune`` does for files made before retention existed."""
    db.execute("PRAGMA auto_vacuum=INCREMENTAL")
    db.execute("VACUUM")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
