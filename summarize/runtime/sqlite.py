"""The SQLite files brief keeps for itself (the result cache, the run state): opened in WAL
mode so readers never wait for a writer, and told apart when they fail: another process
holds them, we may not write them, or the file is damaged and can only be set aside.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

Trouble = Literal["locked", "read-only", "unavailable", "damaged"]


def open_wal(
    path: Path, schema: Sequence[str], probe: str, *, timeout: float, **connect: object
) -> sqlite3.Connection:
    """A connection to ``path`` in WAL mode with ``schema`` applied; ``probe`` (a query)
    reads the file once, so a damaged one fails here rather than mid-run."""
    db = sqlite3.connect(path, timeout=timeout, isolation_level=None, **connect)  # type: ignore[arg-type]
    try:
        # Only takes effect in a new file (before its first table): pages freed by pruning
        # can then go back to the file system (runtime/retention.py).
        db.execute("PRAGMA auto_vacuum=INCREMENTAL")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        for statement in schema:
            db.execute(statement)
        db.execute(probe).fetchone()
    except sqlite3.DatabaseError:
        db.close()
        raise
    return db


def trouble(exc: sqlite3.DatabaseError, path: Path) -> Trouble:
    """What an SQLite error says about the file at ``path``. A WAL database needs its
    folder writable too (for the -wal and -shm files), so either one read-only makes the
    database read-only, whatever words SQLite used."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "locked"
    writable = os.access(path.parent, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))
    if "readonly" in text or "read-only" in text or not writable:
        return "read-only"
    if isinstance(exc, sqlite3.OperationalError):  # disk full, I/O error, cannot open
        return "unavailable"
    return "damaged"


def move_aside(path: Path) -> Path:
    """Rename a damaged database to ``<name>.corrupt-<time>`` (its WAL and shared-memory
    files go); OSError when it cannot be moved, so nobody says it was."""
    aside = path.with_name(f"{path.name}.corrupt-{int(time.time())}")
    path.rename(aside)
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink()
    return aside


def has_table(db: sqlite3.Connection, name: str) -> bool:
    """Whether ``db`` holds table ``name``: a file written by an older brief may not."""
    found = db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
    return found.fetchone() is not None
