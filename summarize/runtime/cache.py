"""A persistent cache of translations (SQLite, WAL), so reruns translate only what is new.

Keys are the decoding key (model identity, engine, decoding settings) plus the source
text: a different model or beam size misses, the same settings hit. The cache is an
optimisation and never a reason to fail: a corrupt file is moved aside and rebuilt,
a locked one is bypassed for the run.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from summarize.records import Translation

log = logging.getLogger(__name__)

CACHE_FILE = "translations.sqlite3"
# How long a writer waits for another process's transaction before bypassing the cache.
BUSY_TIMEOUT_S = 5.0

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


class TranslationCache:
    """Look-ups and inserts keyed by (decoding key, source text)."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_FILE
        self.problem: str | None = None
        self._db: sqlite3.Connection | None = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            self._recover(exc)
        except OSError as exc:
            self._bypass(f"cannot create {folder} ({exc.strerror or exc})")

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute(_SCHEMA)
            db.execute("SELECT count(*) FROM translations LIMIT 1").fetchone()
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _recover(self, exc: sqlite3.DatabaseError) -> None:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            self._bypass(f"{self.path} is locked by another process; not caching this run")
            return
        aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
        log.warning("translation cache %s is unreadable (%s); moved to %s", self.path, exc, aside)
        with contextlib.suppress(OSError):
            self.path.rename(aside)
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(OSError):
                self.path.with_name(self.path.name + suffix).unlink()
        self.problem = f"cache {self.path} was corrupt; rebuilt (old file kept as {aside.name})"
        try:
            self._db = self._open()
        except (sqlite3.DatabaseError, OSError) as again:
            self._bypass(f"cannot rebuild {self.path} ({again})")

    def _bypass(self, why: str) -> None:
        log.warning("translation cache bypassed: %s", why)
        self.problem = why
        self._db = None

    @property
    def active(self) -> bool:
        return self._db is not None

    def get_many(self, key: str, sources: Sequence[str]) -> dict[str, Translation]:
        """The cached translations among ``sources``; a failing read counts as misses."""
        if self._db is None or not sources:
            return {}
        found: dict[str, Translation] = {}
        unique = list(dict.fromkeys(sources))
        try:
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT source, target, warnings FROM translations "
                    f"WHERE key = ? AND source IN ({marks})",
                    [key, *chunk],
                ).fetchall()
                for source, target, warnings in rows:
                    found[source] = Translation(source, target, tuple(json.loads(warnings)))
        except (sqlite3.DatabaseError, ValueError) as exc:
            self._bypass(f"read failed ({exc})")
            return {}
        return found

    def put_many(self, key: str, translations: Iterable[Translation]) -> None:
        if self._db is None:
            return
        now = time.time()
        rows = [(key, t.source, t.text, json.dumps(list(t.warnings)), now) for t in translations]
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany(
                    "INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, ?)", rows
                )
        except sqlite3.DatabaseError as exc:
            self._bypass(f"write failed ({exc})")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
