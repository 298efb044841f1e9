"""The run state: which articles were seen, when first, and which output folder got them.

One SQLite file, ``.brief-state.sqlite3``, at the output root: the part of ``--out``
before its first strftime field (``out`` for ``out/%Y-%m-%d``, ``out`` itself for a
plain ``out``), so every dated folder of one tree shares it and deleting it resets
everything (``statefile.py``: where it is, its tables). An article's identity is its
address (web: the canonical one when it is borne out, ``identity.py``) or a hash of its
cleaned text (files), and a web article with the same text as a known one is known too,
as is one reading like an earlier page that named its address as its own.

``Novelty`` applies the state to a run. By default each folder's digest holds exactly
the articles first seen while it was current: new articles go to this run's folder, and
articles this folder already had stay in its digest (web articles are kept in the state,
since their feed moves on; files are read again where they are). A run that finds
nothing new, with the same settings, leaves every file alone. ``since`` selects the
articles first seen in a window instead; ``all`` ignores the state for selection.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from summarize.identity import (
    Fetched,
    WebIdentity,
    article_from_json,
    article_to_json,
    claimed_by,
    show_as,
    text_hash,
    unchecked_claim,
    web_identity,
)
from summarize.records import Article, WhatIsNew
from summarize.runtime.sqlite import move_aside, open_wal, trouble
from summarize.runtime.written import OutputRecord
from summarize.since import parse_since
from summarize.statefile import PROBE, SCHEMA, STATE_FILE, output_root

log = logging.getLogger(__name__)

BUSY_TIMEOUT_S = 10.0

Mode = Literal["new", "since", "all"]


@dataclass(frozen=True)
class NoveltyOptions:
    """Which articles a run briefs: ``new`` (default), a ``since`` window, or ``all``."""

    mode: Mode = "new"
    since: str | None = None
    state_file: Path | None = None


def state_file(pattern: str | Path, options: NoveltyOptions) -> Path:
    """Where the run state of an ``--out`` pattern lives."""
    return options.state_file or output_root(pattern) / STATE_FILE


@dataclass(frozen=True)
class StoryDay:
    """One story as one digest showed it: its stable id, the folder (relative to the
    output root), when, the story's first day, its headline, its articles' identities
    and the words it is matched by."""

    story: str
    folder: str
    written: float
    first_seen: str | None
    headline: str
    members: tuple[str, ...]
    terms: tuple[str, ...]


@dataclass
class _Row:
    identity: str
    kind: str
    url: str | None
    source: str
    first_seen: float
    folder: str
    article: str | None


class RunState:
    """The SQLite file; a problem opening it is reported, and the run goes on without it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            self._recover(exc)
        except OSError as exc:
            self.problem = f"run state {path} cannot be created ({exc.strerror or exc})"

    def _open(self) -> sqlite3.Connection:
        return open_wal(self.path, SCHEMA, PROBE, timeout=BUSY_TIMEOUT_S, check_same_thread=False)

    def _recover(self, exc: sqlite3.DatabaseError) -> None:
        """Another process or a file we may not write: run without it. A damaged file is
        moved aside and a new one made (runtime/sqlite.py tells the cases apart)."""
        kind = trouble(exc, self.path)
        if kind != "damaged":
            why = f"cannot be opened ({exc})" if kind == "unavailable" else f"is {kind}"
            self.problem = f"run state {self.path} {why}; every article counts as new"
            return
        try:
            aside = move_aside(self.path)
        except OSError as error:
            self.problem = (
                f"run state {self.path} is unreadable ({exc}) and cannot be moved aside "
                f"({error.strerror or error}); every article counts as new"
            )
            return
        self.problem = (
            f"run state {self.path} was unreadable ({exc}); started anew, old kept as {aside.name}"
        )
        try:
            self._db = self._open()
        except (sqlite3.DatabaseError, OSError) as again:
            self.problem = f"run state {self.path} cannot be rebuilt ({again})"

    @property
    def active(self) -> bool:
        return self._db is not None

    def _query(self, sql: str, args: Iterable[object] = ()) -> list[tuple]:  # type: ignore[type-arg]
        with self._lock:  # a fetch thread may ask after the run closed the file
            if self._db is None:
                return []
            return self._db.execute(sql, tuple(args)).fetchall()

    def find(self, identity: str, digest: str | None = None) -> _Row | None:
        rows = self._query(
            "SELECT identity, kind, url, source, first_seen, folder, article FROM articles "
            "WHERE identity = ? OR text_hash = ? ORDER BY identity = ? DESC, first_seen LIMIT 1",
            (identity, digest or "", identity),
        )
        return _Row(*rows[0]) if rows else None

    def find_url(self, url: str) -> _Row | None:
        rows = self._query("SELECT identity FROM aliases WHERE url = ?", (url,))
        return self.find(rows[0][0]) if rows else None

    def claimer(self, url: str) -> str | None:
        """The identity of the page that named ``url`` as its own, unchecked."""
        rows = self._query("SELECT identity FROM claims WHERE url = ?", (url,))
        return rows[0][0] if rows else None

    def web_rows(self, *, folder: str | None = None, since: float | None = None) -> list[_Row]:
        sql = (
            "SELECT identity, kind, url, source, first_seen, folder, article FROM articles "
            "WHERE kind = 'web' AND article IS NOT NULL"
        )
        args: list[object] = []
        if folder is not None:
            sql += " AND folder = ?"
            args.append(folder)
        if since is not None:
            sql += " AND first_seen >= ?"
            args.append(since)
        return [_Row(*r) for r in self._query(sql + " ORDER BY first_seen, identity", args)]

    def last_run(self) -> float | None:
        rows = self._query("SELECT max(started) FROM runs")
        return rows[0][0] if rows and rows[0][0] is not None else None

    def last_digest(self) -> float | None:
        rows = self._query("SELECT max(written) FROM digests")
        return rows[0][0] if rows and rows[0][0] is not None else None

    def digest_record(self, folder: str) -> tuple[float, str] | None:
        rows = self._query("SELECT written, signature FROM digests WHERE folder = ?", (folder,))
        return (rows[0][0], rows[0][1]) if rows else None

    def validators(self, url: str) -> tuple[str | None, str | None, bytes | None]:
        rows = self._query("SELECT etag, last_modified, body FROM validators WHERE url = ?", (url,))
        return rows[0] if rows else (None, None, None)

    def robots(self, origin: str, max_age: float) -> bytes | None:
        """A robots.txt read less than ``max_age`` seconds ago (b"" when there was none)."""
        rows = self._query(
            "SELECT body FROM validators WHERE url = ? AND fetched >= ?",
            (f"robots:{origin}", time.time() - max_age),
        )
        return bytes(rows[0][0] or b"") if rows else None

    def save_robots(self, origin: str, body: bytes) -> None:
        self.save_validators(f"robots:{origin}", None, None, body)

    def save_validators(
        self, url: str, etag: str | None, last_modified: str | None, body: bytes
    ) -> None:
        self._write(
            [
                (
                    "INSERT OR REPLACE INTO validators VALUES (?, ?, ?, ?, ?)",
                    (url, etag, last_modified, body, time.time()),
                )
            ]
        )

    def _write(self, statements: list[tuple[str, tuple]]) -> None:  # type: ignore[type-arg]
        try:
            with self._lock:
                if self._db is None:  # never opened, or closed while a fetch was in flight
                    return
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    for sql, args in statements:
                        self._db.execute(sql, args)
                except BaseException:
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            log.warning("run state %s not updated: %s", self.path, exc)
            self.problem = f"run state {self.path} not updated ({exc})"

    # -- story history (the story_days table) --

    def story_days(self, since: float) -> list[StoryDay]:
        """Every story recorded since ``since`` (epoch seconds), the latest first."""
        rows = self._query(
            "SELECT story, folder, written, first_seen, headline, members, terms "
            "FROM story_days WHERE written >= ? ORDER BY written DESC, story",
            (since,),
        )
        found = []
        for story, folder, written, first_seen, headline, members, terms in rows:
            try:
                keys, words = json.loads(members), json.loads(terms)
            except ValueError:
                continue  # a damaged row is no history
            found.append(
                StoryDay(story, folder, written, first_seen, headline, tuple(keys), tuple(words))
            )
        return found

    def record_story_days(self, days: Iterable[StoryDay], forget_before: float) -> None:
        """Replace each story's row for its folder (a rerun of a folder rewrites it), and
        drop the rows written before ``forget_before``, which no digest looks at again."""
        self._write(
            [("DELETE FROM story_days WHERE written < ?", (forget_before,))]
            + [
                (
                    "INSERT OR REPLACE INTO story_days VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        d.story, d.folder, d.written, d.first_seen, d.headline,
                        json.dumps(list(d.members)), json.dumps(list(d.terms), ensure_ascii=False),
                    ),
                )
                for d in days
            ]
        )  # fmt: skip

    def close(self) -> None:
        if self._db is not None:
            with self._lock:
                self._db.close()
            self._db = None

    # --- the files a run wrote, so the next one can tell they were damaged or deleted ---

    def outputs(self, folder: str) -> list[OutputRecord]:
        rows = self._query(
            "SELECT path, size, mtime_ns, sha256 FROM outputs WHERE folder = ?", (folder,)
        )
        return [OutputRecord(*row) for row in rows]

    def record_outputs(self, folder: str, records: Iterable[OutputRecord]) -> None:
        """The files this run wrote into ``folder``, replacing what the last write said."""
        statements: list[tuple[str, tuple]] = [  # type: ignore[type-arg]
            ("DELETE FROM outputs WHERE folder = ?", (folder,))
        ]
        for r in records:
            statements.append(
                (
                    "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?, ?, ?)",
                    (folder, r.path, r.size, r.mtime_ns, r.sha256),
                )
            )
        self._write(statements)

    # --- end of the outputs block ---

    # --- for the modules that keep tables of their own here (retention, failure memory) ---

    @contextlib.contextmanager
    def connection(self) -> Iterator[sqlite3.Connection | None]:
        """The open file (None when the run goes without it), held for one thread."""
        with self._lock:
            yield self._db


@dataclass
class _Pending:
    identity: str
    digest: str
    kind: str
    url: str | None
    aliases: tuple[str, ...]
    article: Article
    claim: str | None = None


class Novelty:
    """The state applied to one run into ``out`` (see the module docstring)."""

    def __init__(self, out: Path, pattern: str | Path, options: NoveltyOptions) -> None:
        root = output_root(pattern)
        self.options = options
        self.state = RunState(state_file(pattern, options))
        self.root = root
        self.folder = _folder_key(out, root)
        self.started = time.time()
        self.cutoff: float | None = None
        if options.mode == "since":
            self.cutoff = parse_since(options.since or "last", self.state.last_run(), self.started)
        self._lock = threading.Lock()
        self._pending: dict[str, _Pending] = {}
        self._pending_digests: set[str] = set()  # a set: 10,000 articles stay linear
        self._present: dict[str, str] = {}  # identity -> source, known articles briefed again
        self._taken: set[str] = set()
        self.fetched: dict[str, Fetched] = {}  # source -> its addresses
        self.copies: dict[str, str] = {}  # source -> the source briefed with the same text
        self._briefed_as: dict[str, str] = {}  # identity or text hash -> source admitted
        self.met: set[str] = set()  # known articles met again this run (retention keeps them)
        self._borne_out: list[tuple[str, str]] = []  # address -> identity, a claim checked

    @property
    def problem(self) -> str | None:
        return self.state.problem

    def skip_fetch(self, url: str) -> bool:
        """A link already known needs no fetch: ``carried`` brings it back if it belongs."""
        if self.options.mode == "all":
            return False
        row = self.state.find_url(url)
        if row is not None:
            self.met.add(row.identity)
        return row is not None

    def note_fetch(self, source: str, requested: str, final: str, claimed: str) -> None:
        with self._lock:
            self.fetched[source] = Fetched(requested, final, claimed)

    def _stored_at(self, url: str) -> Article | None:
        """The web article the state knows at ``url``, to check a page's claim against."""
        return _stored(self.state.find(f"url:{url}") or self.state.find_url(url))

    def _claimer_at(self, url: str) -> tuple[str, Article] | None:
        """The article of the page that named ``url`` as its own, unchecked."""
        row = self.state.find(claimer) if (claimer := self.state.claimer(url)) else None
        return (row.identity, article) if row and (article := _stored(row)) else None

    def _claimed(self, known_by: WebIdentity, article: Article) -> _Row | None:
        """The known article an earlier page claimed this one's address for, when this
        page reads the same; its addresses then lead there (no fetch next time)."""
        claimer = claimed_by(known_by, article, self._claimer_at)
        row = self.state.find(claimer) if claimer else None
        if row is not None:
            self._borne_out += [(url, row.identity) for url in (known_by.url, *known_by.aliases)]
        return row

    def admit(self, source: str, article: Article) -> bool:
        """Whether this freshly read article goes into this run's digest."""
        fetched, digest = self.fetched.get(source), text_hash(article)
        aliases: tuple[str, ...] = ()
        known_by, claim = None, None
        if fetched is not None:
            known_by = web_identity(fetched, article, self._stored_at)
            show_as(article, fetched, known_by)
            aliases, claim = known_by.aliases, unchecked_claim(fetched, known_by)
            identity, kind = f"url:{known_by.url}", "web"
        else:
            identity, kind = f"text:{digest}", "file"
        with self._lock:
            if identity in self._taken or digest in self._pending_digests:
                return self._copy(source, identity, digest)  # once a run is enough
            row = self.state.find(identity, digest)
            if row is None and known_by is not None:
                row = self._claimed(known_by, article)
            if row is None and self.cutoff is not None and self.cutoff > self.started:
                return False  # first seen now, before the window opens: still new later
            if row is None:
                self._pending[source] = _Pending(
                    identity, digest, kind, article.url, aliases, article, claim
                )
                self._pending_digests.add(digest)
                self._taken.add(identity)
                self._briefed_as[identity] = self._briefed_as[digest] = source
                return True
            self.met.add(row.identity)
            if row.identity in self._taken:
                return self._copy(source, row.identity, digest)
            belongs = {
                "new": row.folder == self.folder,
                "since": self.cutoff is not None and row.first_seen >= self.cutoff,
                "all": True,
            }[self.options.mode]
            if belongs:
                self._taken.add(row.identity)
                self._present[row.identity] = source
                self._briefed_as[row.identity] = self._briefed_as[digest] = source
            return belongs

    def _copy(self, source: str, identity: str, digest: str) -> bool:
        """Note ``source`` as a copy of the article briefed this run with the same text."""
        lead = self._briefed_as.get(identity) or self._briefed_as.get(digest)
        if lead is not None and lead != source:
            self.copies[source] = lead
        return False

    def carried(self) -> list[Article]:
        """Web articles that belong to this digest but were not read this run."""
        if self.options.mode == "all":
            return []
        rows = (
            self.state.web_rows(folder=self.folder)
            if self.options.mode == "new"
            else self.state.web_rows(since=self.cutoff)
        )
        found = []
        for row in rows:
            if row.identity in self._taken or row.article is None:
                continue
            try:
                article = article_from_json(row.article)
            except (ValueError, TypeError, KeyError):
                log.debug("unreadable stored article %s", row.identity, exc_info=True)
                continue
            self._taken.add(row.identity)
            self._present[row.identity] = article.source
            found.append(article)
        return found

    def is_new(self, source: str) -> bool:
        return source in self._pending

    @property
    def new_count(self) -> int:
        return len(self._pending)

    def unchanged(self, sources: Iterable[str], failures: Iterable[str], settings: str) -> bool:
        """Nothing new, the same articles, failures and settings as the folder's last digest."""
        return (
            self.options.mode == "new"
            and not self._pending
            and self.state.active
            and (record := self.state.digest_record(self.folder)) is not None
            and record[1] == self._signature(sources, failures, settings)
        )

    def what_is_new(self, sources: Iterable[str]) -> WhatIsNew:
        """New since the previous digest under this root (this folder's, or yesterday's)."""
        written = self.state.last_digest()
        previous = datetime.fromtimestamp(written).astimezone() if written else None
        new = [s for s in sources if s in self._pending]
        return WhatIsNew(new, previous, self.options.mode)

    def commit(
        self, briefed: Iterable[str], failures: Iterable[str], settings: str, wrote: bool
    ) -> None:
        """Record the new articles that were briefed (or merged into one that was)."""
        briefed = list(briefed)
        statements: list[tuple[str, tuple]] = []  # type: ignore[type-arg]
        for source in briefed:
            pending = self._pending.get(source)
            if pending is None:
                continue
            article = pending.article
            stored = article_to_json(article) if pending.kind == "web" else None
            statements.append(
                (
                    "INSERT OR IGNORE INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        pending.identity, pending.digest, pending.kind, pending.url, source,
                        article.title, self.started, self.folder, stored,
                    ),
                )
            )  # fmt: skip
            for alias in pending.aliases:
                statements.append(
                    ("INSERT OR REPLACE INTO aliases VALUES (?, ?)", (alias, pending.identity))
                )
            if pending.claim:
                statements.append(
                    (
                        "INSERT OR IGNORE INTO claims VALUES (?, ?)",
                        (pending.claim, pending.identity),
                    )
                )
        statements += [("INSERT OR REPLACE INTO aliases VALUES (?, ?)", a) for a in self._borne_out]
        if wrote:
            signature = self._signature(briefed, failures, settings)
            statements.append(
                (
                    "INSERT OR REPLACE INTO digests VALUES (?, ?, ?)",
                    (self.folder, time.time(), signature),
                )
            )
        statements.append(
            ("INSERT INTO runs VALUES (?, ?, ?)", (self.started, self.folder, len(self._pending)))
        )
        self.state._write(statements)

    def _signature(self, sources: Iterable[str], failures: Iterable[str], settings: str) -> str:
        identities = sorted(self._identity_of(s) for s in sources)
        text = json.dumps([identities, sorted(failures), settings], ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def identity_of(self, source: str) -> str:
        """The identity the state knows an article of this run by (``source:`` when none)."""
        return self._identity_of(source)

    def _identity_of(self, source: str) -> str:
        if source in self._pending:
            return self._pending[source].identity
        for identity, present in self._present.items():
            if present == source:
                return identity
        return f"source:{source}"

    def close(self) -> None:
        self.state.close()


def _stored(row: _Row | None) -> Article | None:
    with contextlib.suppress(ValueError, TypeError, KeyError):
        return article_from_json(row.article) if row and row.article else None
    return None


def _folder_key(out: Path, root: Path) -> str:
    try:
        return out.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return out.resolve().as_posix()
