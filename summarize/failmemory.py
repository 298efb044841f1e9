"""Failures that persist from run to run, remembered in the run state so that an hourly
job says each one once.

A feed item that is gone for good (404) fails every hour; reporting it every hour makes
cron mail the same lines every hour and hides a new failure among old ones. So a failure
is reported when it is new, when its error changes, and again once a day while it lasts
(``REMIND_EVERY``); in between it stays in the digest but is not said again and does not
make the exit code 1. A failure that stops (the input is briefed, or no longer given) is
forgotten, so if it comes back it is new. Table ``failures`` of the state file: source,
error text, first seen, last reported, last seen.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarize.runtime.sqlite import has_table

if TYPE_CHECKING:
    from summarize.state import RunState

log = logging.getLogger(__name__)

REMIND_EVERY = 86400.0  # a failure that lasts is said again once a day

SCHEMA = """CREATE TABLE IF NOT EXISTS failures (
    source TEXT PRIMARY KEY,
    error TEXT NOT NULL,
    first_seen REAL NOT NULL,
    last_reported REAL NOT NULL,
    last_seen REAL NOT NULL
)"""


@dataclass(frozen=True)
class Known:
    error: str
    first_seen: float
    last_reported: float


class FailureMemory:
    """One run's view of the remembered failures of its output tree."""

    def __init__(self, state: RunState, now: float | None = None) -> None:
        self.state = state
        self.now = time.time() if now is None else now
        self.known: dict[str, Known] = {}
        self.quiet: set[str] = set()  # failures not said again this run
        self._seen: dict[str, str] = {}  # source -> error, this run
        try:
            with state.connection() as db:
                if db is not None and has_table(db, "failures"):
                    rows = db.execute(
                        "SELECT source, error, first_seen, last_reported FROM failures"
                    ).fetchall()
                    self.known = {row[0]: Known(row[1], row[2], row[3]) for row in rows}
        except sqlite3.Error as exc:
            log.debug("remembered failures not read from %s: %s", state.path, exc)

    def report(self, source: str, error: str) -> bool:
        """Whether to say this failure: new, changed, or last said a day ago or more."""
        self._seen[source] = error
        known = self.known.get(source)
        if known and known.error == error and 0 <= self.now - known.last_reported < REMIND_EVERY:
            self.quiet.add(source)
            return False
        self.quiet.discard(source)
        return True

    def since(self, source: str) -> float | None:
        """When a failure said again (its daily reminder) was first seen; None if new."""
        known = self.known.get(source)
        if known is None or known.error != self._seen.get(source):
            return None
        return known.first_seen

    def commit(self) -> None:
        """Remember this run's failures and forget those that stopped."""
        rows = []
        for source, error in self._seen.items():
            known = self.known.get(source)
            same = known is not None and known.error == error
            first = known.first_seen if same and known else self.now
            reported = known.last_reported if source in self.quiet and known else self.now
            rows.append((source, error, first, reported, self.now))
        gone = [(source,) for source in self.known if source not in self._seen]
        try:
            with self.state.connection() as db:
                if db is None or (not rows and not gone):
                    return
                db.execute("BEGIN IMMEDIATE")
                try:
                    db.execute(SCHEMA)
                    db.executemany("DELETE FROM failures WHERE source = ?", gone)
                    db.executemany("INSERT OR REPLACE INTO failures VALUES (?, ?, ?, ?, ?)", rows)
                except BaseException:
                    db.execute("ROLLBACK")
                    raise
                db.execute("COMMIT")
        except sqlite3.Error as exc:
            log.warning("run state %s: failures not remembered (%s)", self.state.path, exc)
