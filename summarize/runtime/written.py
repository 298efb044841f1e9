"""The files a run wrote into an output folder, as the run state keeps them (its
``outputs`` table): the next run compares each with what is on disk
(``output.publish.damaged``) and writes again what was damaged or deleted by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

OUTPUTS_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS outputs (
        folder TEXT NOT NULL, path TEXT NOT NULL, size INTEGER NOT NULL,
        mtime_ns INTEGER NOT NULL, sha256 TEXT NOT NULL, PRIMARY KEY (folder, path)
    )""",
)


@dataclass(frozen=True)
class OutputRecord:
    """One file as a run wrote it: its path under the output folder, size, time, hash."""

    path: str
    size: int
    mtime_ns: int
    sha256: str
