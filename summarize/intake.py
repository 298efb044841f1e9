"""What a run takes in: web inputs expanded, only what is new admitted, copies merged.

The pipeline calls this at four points: ``expand`` the inputs (URLs, feeds, list
files; local files go on as before), ``admit`` each cleaned article (the run state
decides whether it belongs in this digest), ``merge`` near-duplicates before the model
work, and ``finish`` (is the digest unchanged, so nothing needs writing; record what
was new). The rules themselves live in ``state.py``, ``inputs/remote.py`` and
``briefing/duplicates.py``.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path

from summarize.briefing.duplicates import near_duplicate_groups
from summarize.failmemory import FailureMemory
from summarize.inputs.feeds import looks_like_url
from summarize.inputs.remote import Expanded, WebInputs
from summarize.inputs.web import WebOptions
from summarize.output.publish import Published, damaged
from summarize.records import Article, Failure, WhatIsNew
from summarize.runtime.retention import Retention, maintain_state, touch_seen
from summarize.runtime.written import OutputRecord
from summarize.state import Novelty, NoveltyOptions
from summarize.wording import counted

log = logging.getLogger(__name__)


class Intake:
    """One run's intake; a context manager (it owns fetch threads and the state file)."""

    def __init__(
        self,
        out: Path,
        pattern: str | Path,
        web: WebOptions,
        novelty: NoveltyOptions,
        retention: Retention | None = None,
    ) -> None:
        self.out = out
        self.novelty = Novelty(out, pattern, novelty)
        if self.novelty.problem:
            log.warning("%s", self.novelty.problem)
        self._keep(retention or Retention())
        self.failures = FailureMemory(self.novelty.state)
        self.web = WebInputs(web, self.novelty)
        self.expanded = Expanded()
        self.also: dict[str, list[str]] = {}
        self._copies_of: dict[str, list[str]] = {}
        self._copies_seen = 0

    def __enter__(self) -> Intake:
        return self

    def __exit__(self, *exc: object) -> None:
        self.web.close()
        self.novelty.close()

    def _keep(self, retention: Retention) -> None:
        """Prune the run state when due (runtime/retention.py); never a reason to fail."""
        try:
            with self.novelty.state.connection() as db:
                pruned = maintain_state(db, retention) if db is not None else None
        except sqlite3.Error as exc:
            log.debug("run state not pruned: %s", exc)
            return
        if pruned is not None and pruned.rows:
            log.info("run state: %s removed", counted(pruned.rows, "old record"))

    def to_report(self, failure: Failure) -> Failure | None:
        """The failure as it is to be said now, or None when it was said already
        (failmemory.py); a daily reminder says since when it fails."""
        if not self.failures.report(failure.source, failure.error):
            return None
        since = self.failures.since(failure.source)
        if since is None:
            return failure
        when = datetime.fromtimestamp(since).astimezone().strftime("%Y-%m-%d %H:%M")
        return Failure(failure.source, f"{failure.error} (failing since {when})")

    @property
    def already_reported(self) -> set[str]:
        """Sources whose failure this run did not say again."""
        return set(self.failures.quiet)

    def expand(self, inputs: Sequence[str | Path]) -> Expanded:
        self.expanded = self.web.expand(inputs)
        return self.expanded

    @property
    def handled_web(self) -> bool:
        """Web inputs were given (so finding no article file is not an error)."""
        e = self.expanded
        return bool(e.candidates or e.errors or e.feeds or e.known)

    def admit(self, source: str, article: Article) -> bool:
        return self.novelty.admit(source, article)

    def carried(self) -> list[Article]:
        return self.novelty.carried()

    def merge(self, articles: Sequence[Article]) -> list[int]:
        """Indices of the articles to brief; the others are listed as ``also`` of theirs.

        Only articles from the web are merged (files are the user's own choice: each one
        given is briefed). Articles the digest already had lead their group, so a briefing
        keeps its place.
        """
        web = [i for i, a in enumerate(articles) if looks_like_url(a.source)]
        order = sorted(web, key=lambda i: self.novelty.is_new(articles[i].source))
        dropped: set[int] = set()
        for group in near_duplicate_groups([articles[i] for i in order]):
            lead, *copies = (order[i] for i in group)
            if copies:
                self.also[articles[lead].source] = [articles[i].source for i in copies]
                dropped.update(copies)
        return [i for i in range(len(articles)) if i not in dropped]

    def also_published(self, source: str) -> list[str]:
        """Near-duplicates merged into ``source`` and inputs with exactly its text."""
        if self._copies_seen != len(self.novelty.copies):  # built once admitting is done
            self._copies_seen, self._copies_of = len(self.novelty.copies), {}
            for copy, lead in sorted(self.novelty.copies.items()):
                self._copies_of.setdefault(lead, []).append(copy)
        return [*self.also.get(source, []), *self._copies_of.get(source, [])]

    @property
    def copies(self) -> dict[str, str]:
        """Input -> the input briefed in its place, its text being the same."""
        return dict(self.novelty.copies)

    def unchanged(self, sources: Iterable[str], failures: Iterable[str], content: str) -> bool:
        """The digest on disk already says this (same articles, failures and ``content``
        key: ``RunOptions.content_key``) and every file the last write left is still there
        as written (a file damaged or deleted by hand is written again)."""
        if not self.novelty.unchanged(self._with_copies(sources), failures, content):
            return False
        gone = damaged(self.out, self.novelty.state.outputs(self.novelty.folder))
        if gone:
            shown = ", ".join(gone[:3]) + (f" and {len(gone) - 3} more" if len(gone) > 3 else "")
            log.warning("%s: %s changed or deleted since written; written again", self.out, shown)
        return not gone

    def what_is_new(self, sources: Iterable[str]) -> WhatIsNew:
        return self.novelty.what_is_new(self._with_copies(sources))

    def commit(
        self,
        sources: Iterable[str],
        failures: Iterable[str],
        content: str,
        *,
        wrote: bool,
        files: Sequence[Published] = (),
    ) -> None:
        self.novelty.commit(self._with_copies(sources), failures, content, wrote=wrote)
        if wrote:
            self.novelty.state.record_outputs(self.novelty.folder, self._records(files))
        self.failures.commit()
        try:
            with self.novelty.state.connection() as db:
                if db is not None:
                    touch_seen(db, self.novelty.met)
        except sqlite3.Error as exc:
            log.debug("run state: articles met again not recorded: %s", exc)
        self.web.forget_pages()

    def _records(self, files: Sequence[Published]) -> list[OutputRecord]:
        return [
            OutputRecord(f.path.relative_to(self.out).as_posix(), f.size, f.mtime_ns, f.sha256)
            for f in files
            if f.path.is_relative_to(self.out)
        ]

    @property
    def new_count(self) -> int:
        return self.novelty.new_count

    def _with_copies(self, sources: Iterable[str]) -> list[str]:
        found = []
        for source in sources:
            found.append(source)
            found.extend(self.also_published(source))
        return found
