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
from collections.abc import Iterable, Sequence
from pathlib import Path

from summarize.briefing.duplicates import near_duplicate_groups
from summarize.inputs.feeds import looks_like_url
from summarize.inputs.remote import Expanded, WebInputs
from summarize.inputs.web import WebOptions
from summarize.records import Article, WhatIsNew
from summarize.state import Novelty, NoveltyOptions

log = logging.getLogger(__name__)


class Intake:
    """One run's intake; a context manager (it owns fetch threads and the state file)."""

    def __init__(
        self, out: Path, pattern: str | Path, web: WebOptions, novelty: NoveltyOptions
    ) -> None:
        self.novelty = Novelty(out, pattern, novelty)
        if self.novelty.problem:
            log.warning("%s", self.novelty.problem)
        self.web = WebInputs(web, self.novelty)
        self.expanded = Expanded()
        self.also: dict[str, list[str]] = {}

    def __enter__(self) -> Intake:
        return self

    def __exit__(self, *exc: object) -> None:
        self.web.close()
        self.novelty.close()

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
        return self.also.get(source, [])

    def unchanged(self, sources: Iterable[str], failures: Iterable[str], content: str) -> bool:
        """The digest on disk already says this: same articles, failures and ``content``
        key (``RunOptions.content_key``: the options that shape what a digest says)."""
        return self.novelty.unchanged(self._with_copies(sources), failures, content)

    def what_is_new(self, sources: Iterable[str]) -> WhatIsNew:
        return self.novelty.what_is_new(self._with_copies(sources))

    def commit(
        self, sources: Iterable[str], failures: Iterable[str], content: str, *, wrote: bool
    ) -> None:
        self.novelty.commit(self._with_copies(sources), failures, content, wrote=wrote)

    @property
    def new_count(self) -> int:
        return self.novelty.new_count

    def _with_copies(self, sources: Iterable[str]) -> list[str]:
        found = []
        for source in sources:
            found.append(source)
            found.extend(self.also.get(source, []))
        return found
