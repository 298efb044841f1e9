"""A persistent key-value store (SQLite, WAL) of model outputs, so reruns compute only what
is new.

Plain strings in and out: a namespace (the decoding key of a translator or summariser:
model identity, engine, decoding settings), a key (the source text) and an entry (the
output and its notes). What the strings mean is the business of the wrappers that use
the store (``translation.cached``, ``summaries.cached``).

The store is an optimisation and never a reason to fail. A row that cannot be read as
an entry is a miss (and is replaced when the output is computed again). A damaged file
is moved aside once and rebuilt; a locked, read-only or unwritable one is bypassed for
the run. Each run says so once, in one warning (``problem``).

A row's ``created`` is when it was stored or last used (refreshed at most once a day), so
``runtime/retention.py`` can drop what no run has needed for a while; the pruning runs when
the file is opened, at most once a day or when the cache is over its size.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from summarize.runtime.retention import TOUCH_EVERY, Retention, maintain_cache, touch_statement
from summarize.runtime.sqlite import move_aside, open_wal, trouble
from summarize.wording import counted

log = logging.getLogger(__name__)

CACHE_FILE = "translations.sqlite3"
# How long a writer waits for another process's transaction before bypassing the cache.
BUSY_TIMEOUT_S = 5.0
# Keys per SELECT: SQLite's default limit of bound parameters is 999 on older builds.
_LOOKUP_CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS translations (
    key TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    warnings TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (key, source)
) WITHOUT ROWID
"""


def default_cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("brief"))


@dataclass(frozen=True)
class Entry:
    """One stored output and the notes (warnings) that came with it."""

    value: str
    notes: tuple[str, ...] = ()


class ResultCache:
    """Look-ups and inserts of entries keyed by (namespace, key)."""

    def __init__(self, folder: Path, retention: Retention | None = None) -> None:
        self.path = folder / CACHE_FILE
        self.problem: str | None = None  # what went wrong this run, said once
        self._db: sqlite3.Connection | None = None
        self._rebuilt = False
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            self._failed(exc, "unreadable")
        except OSError as exc:
            self._bypass(f"cannot create {folder} ({exc.strerror or exc})")
        self._maintain(retention or Retention())

    def _maintain(self, retention: Retention) -> None:
        """Apply the retention limits when due; a cache in use or read-only waits for
        another run (pruning is never worth a warning, let alone a failure)."""
        if self._db is None:
            return
        try:
            pruned = maintain_cache(self._db, retention)
        except sqlite3.Error as exc:
            log.debug("cache %s not pruned: %s", self.path, exc)
            return
        if pruned is not None and pruned.rows:
            log.info("cache %s: %s removed", self.path, counted(pruned.rows, "unused entry"))

    @property
    def active(self) -> bool:
        return self._db is not None

    def get_many(self, namespace: str, keys: Sequence[str]) -> dict[str, Entry]:
        """The entries stored for ``keys``; a row that cannot be read, or a failing read,
        counts as a miss."""
        if self._db is None or not keys:
            return {}
        found: dict[str, Entry] = {}
        used: list[str] = []
        now = time.time()
        stale = now - TOUCH_EVERY
        unique = list(dict.fromkeys(keys))
        try:
            for start in range(0, len(unique), _LOOKUP_CHUNK):
                chunk = unique[start : start + _LOOKUP_CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT source, target, warnings, created FROM translations "
                    f"WHERE key = ? AND source IN ({marks})",
                    [namespace, *chunk],
                ).fetchall()
                for source, target, notes, created in rows:
                    entry = _entry(target, notes)
                    if entry is not None and isinstance(source, str):
                        found[source] = entry
                        if isinstance(created, int | float) and created < stale:
                            used.append(source)
        except sqlite3.DatabaseError as exc:
            self._failed(exc, "read failed")
            return {}
        self._touch(namespace, used, now)
        return found

    def _touch(self, namespace: str, sources: list[str], now: float) -> None:
        """Mark hits as used now (retention keeps what runs still need); a failure here only
        means they look older than they are."""
        if self._db is None or not sources:
            return
        rows = [(now, namespace, source, now - TOUCH_EVERY) for source in sources]
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(touch_statement(), rows)
        except sqlite3.DatabaseError as exc:
            log.debug("cache %s: last use not recorded: %s", self.path, exc)

    def put_many(self, namespace: str, entries: Mapping[str, Entry]) -> None:
        if self._db is None or not entries:
            return
        now = time.time()
        rows = [
            (namespace, key, entry.value, json.dumps(list(entry.notes)), now)
            for key, entry in entries.items()
        ]
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(
                    "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)", rows
                )
        except sqlite3.DatabaseError as exc:
            self._failed(exc, "write failed")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # --- opening and recovering -----------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        probe = "SELECT count(*) FROM translations LIMIT 1"
        return open_wal(self.path, [_SCHEMA], probe, timeout=BUSY_TIMEOUT_S)

    def _failed(self, exc: sqlite3.DatabaseError, doing: str) -> None:
        """Decide what an SQLite error means: another process (bypass), a file we may not
        write (bypass), or a damaged file (move it aside and start a new one, once)."""
        kind = trouble(exc, self.path)
        if kind == "locked":
            self._bypass(f"{self.path} is locked by another process; not caching this run")
        elif kind == "read-only":
            self._bypass(f"{self.path} is read-only; not caching this run")
        elif kind == "unavailable":
            self._bypass(f"{doing} on {self.path} ({exc}); not caching this run")
        elif self._rebuilt:
            self._bypass(f"{self.path} failed again after a rebuild ({exc}); not caching this run")
        else:
            self._move_aside(exc)

    def _move_aside(self, exc: sqlite3.DatabaseError) -> None:
        self._rebuilt = True
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
        try:
            aside = move_aside(self.path)
        except OSError as error:
            self._bypass(
                f"{self.path} is damaged ({exc}) and cannot be moved aside "
                f"({error.strerror or error}); not caching this run"
            )
            return
        try:
            self._db = self._open()
        except (sqlite3.DatabaseError, OSError) as again:
            self._bypass(
                f"{self.path} was damaged ({exc}) and moved to {aside.name}, "
                f"but a new one cannot be made ({again}); not caching this run"
            )
            return
        self._say(f"cache {self.path} was corrupt; rebuilt (old file kept as {aside.name}: {exc})")

    def _bypass(self, why: str) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        self._say(f"translation cache bypassed: {why}")

    def _say(self, problem: str) -> None:
        """One warning a run: the first problem is the one that matters to the user."""
        if self.problem is None:
            self.problem = problem
            log.warning("%s", problem)
        else:
            log.debug("%s", problem)


def _entry(value: object, notes: object) -> Entry | None:
    """A stored row as an entry, or None if it is not the text and JSON list of text that
    :meth:`ResultCache.put_many` writes."""
    if not isinstance(value, str) or not isinstance(notes, str):
        return None
    try:
        decoded = json.loads(notes)
    except ValueError:
        return None
    if not isinstance(decoded, list) or not all(isinstance(n, str) for n in decoded):
        return None
    return Entry(value, tuple(decoded))
