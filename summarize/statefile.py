"""The run state's file (``state.py``): where it lives, and its tables.

The file sits at the output root, the fixed part of an ``--out`` pattern, so every dated
folder of one tree shares it. Every table is made ``IF NOT EXISTS``, so a state file
written by an older brief gains a new table the first time a newer one opens it, and
nothing else changes. Tables that other modules keep in the same file (retention,
failure memory) are theirs, not here.
"""

from __future__ import annotations

from pathlib import Path

from summarize.runtime.written import OUTPUTS_SCHEMA

STATE_FILE = ".brief-state.sqlite3"

# What was seen: an article's identity, text hash and first sighting; every address that
# leads to a known article (``aliases``, never fetched again); and the addresses pages
# named as their own without the claim being checked yet (``claims``: the address and the
# claimer's identity; a later page there is compared with the claimer, and fetched anyway).
_SEEN = (
    """CREATE TABLE IF NOT EXISTS articles (
        identity TEXT PRIMARY KEY,
        text_hash TEXT NOT NULL,
        kind TEXT NOT NULL,
        url TEXT,
        source TEXT NOT NULL,
        title TEXT NOT NULL,
        first_seen REAL NOT NULL,
        folder TEXT NOT NULL,
        article TEXT
    )""",
    "CREATE INDEX IF NOT EXISTS articles_text ON articles (text_hash)",
    "CREATE INDEX IF NOT EXISTS articles_folder ON articles (folder)",
    "CREATE TABLE IF NOT EXISTS aliases (url TEXT PRIMARY KEY, identity TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS claims (url TEXT PRIMARY KEY, identity TEXT NOT NULL)",
)

_RUNS = (
    """CREATE TABLE IF NOT EXISTS validators (
        url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT, body BLOB, fetched REAL NOT NULL
    )""",
    """CREATE TABLE IF NOT EXISTS digests (
        folder TEXT PRIMARY KEY, written REAL NOT NULL, signature TEXT NOT NULL
    )""",
    "CREATE TABLE IF NOT EXISTS runs (started REAL NOT NULL, folder TEXT NOT NULL, new INTEGER)",
)

# Story history: each digest's stories (continuity.py), so a later digest can
# say a story continues and link to where it was. One row per story and folder.
_STORIES = (
    """CREATE TABLE IF NOT EXISTS story_days (
        story TEXT NOT NULL,
        folder TEXT NOT NULL,
        written REAL NOT NULL,
        first_seen TEXT,
        headline TEXT NOT NULL,
        members TEXT NOT NULL,
        terms TEXT NOT NULL,
        PRIMARY KEY (story, folder)
    )""",
    "CREATE INDEX IF NOT EXISTS story_days_written ON story_days (written)",
)

SCHEMA = (*_SEEN, *_RUNS, *_STORIES, *OUTPUTS_SCHEMA)
PROBE = "SELECT count(*) FROM articles"


def output_root(pattern: str | Path) -> Path:
    """The fixed part of an ``--out`` pattern: the folders before the first ``%`` field."""
    parts = Path(str(pattern)).parts
    fixed = []
    for part in parts:
        if "%" in part:
            break
        fixed.append(part)
    if len(fixed) == len(parts):
        return Path(str(pattern))
    return Path(*fixed) if fixed else Path()
