"""The model summary stage: a batch of prepared articles, the cache first, a summariser
for the misses; whatever the summariser, a failure gives the extractive summary back.

A summariser here is anything with ``summarize_batch`` (:class:`BatchSummarizer`): the
model on this machine (:class:`LocalSummarizer`) or on a Ray cluster
(``summarize.distributed.cluster.RaySummarizer``); the stage around it is the same, so a
digest does not depend on where the model ran.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol

from summarize.errors import BriefError
from summarize.records import Article, Prepared, Summary
from summarize.runtime.environment import error_line
from summarize.summaries.abstractive import load_summarizer, summarize_or_fallback
from summarize.summaries.cached import CachedSummarizer, cache_text
from summarize.summaries.options import AbstractiveOptions

if TYPE_CHECKING:
    from summarize.runtime.cache import ResultCache
    from summarize.summaries.model import ModelSummarizer

log = logging.getLogger(__name__)

# What a summariser gives for one article: the summary and whether to cache it (a
# fallback is not cached), or the exception that stopped it.
Outcome = tuple[Summary, bool] | BaseException


class BatchSummarizer(Protocol):
    """Summarises a batch of (article, extractive summary); ``done(i, outcome)`` as each
    finishes, in any order. ``release`` frees the model once the stage is over."""

    def summarize_batch(
        self, items: Sequence[tuple[Article, Summary]], done: Callable[[int, Outcome], None]
    ) -> None: ...

    def release(self) -> None: ...


class StageReporter(Protocol):
    def stage(self, name: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...


class LocalSummarizer:
    """The model on this machine, loaded on the first article that needs it; any model
    fault gives the extractive summary with a warning (``summarize_or_fallback``).
    ``broken``: the driver found the weights damaged, so every summary is the extractive."""

    def __init__(self, options: AbstractiveOptions, broken: str | None = None) -> None:
        self.options = options
        self.broken = broken
        self._model: ModelSummarizer | None = None

    def summarize_batch(
        self, items: Sequence[tuple[Article, Summary]], done: Callable[[int, Outcome], None]
    ) -> None:
        for index, (article, extractive) in enumerate(items):
            try:
                outcome: Outcome = self.compute(article, extractive)
            except Exception as exc:  # the user's prompt template: this article fails alone
                outcome = exc
            done(index, outcome)

    def compute(self, article: Article, extractive: Summary) -> tuple[Summary, bool]:
        """The model's summary and whether to cache it (not a failure's fallback)."""
        if self.broken:
            extractive.warnings.append(f"model summary failed ({self.broken}); extractive used")
            return extractive, False
        return summarize_or_fallback(self._load, article, extractive)

    def release(self) -> None:
        pass

    def _load(self) -> ModelSummarizer:
        if self._model is None:
            self._model = load_summarizer(self.options)
        return self._model


class SummaryStage:
    """A model summariser behind the cache, over batches of prepared articles."""

    def __init__(
        self,
        options: AbstractiveOptions,
        key: str,
        cache: ResultCache | None,
        broken: str | None = None,
    ) -> None:
        self.options = options
        self.key = key
        self.cache = cache
        self.broken = broken  # damaged weights: every summary is the extractive one
        if broken:
            log.warning("%s; the extractive summaries are used", broken)
        self.summarizer: BatchSummarizer = LocalSummarizer(options, broken)
        self.cached = CachedSummarizer(cache, key)

    def use(self, summarizer: BatchSummarizer) -> None:
        """Summarise the misses with ``summarizer`` (a Ray cluster's) instead of locally;
        a model the driver found broken stays the extractive fallback, as locally."""
        if not self.broken:
            self.summarizer = summarizer

    def run(
        self, prepared: Sequence[Prepared], reporter: StageReporter
    ) -> list[tuple[Prepared, str | BriefError]]:
        """Give every item its model summary, cache first; the items that failed, with
        their error (one of ours as itself, for the caller to word). An article whose text
        another one has already sent out waits for that one's summary and then takes it
        from the cache."""
        todo = [item for item in prepared if not self._from_cache(item)]
        if not todo:
            return []
        if self.broken:  # the model cannot run: the extractive summaries, no stage shown
            fallback = LocalSummarizer(self.options, self.broken)
            for item in todo:
                item.summary, _ = fallback.compute(item.article, item.summary)
            return []
        reporter.stage("summaries", len(todo))
        failed: list[tuple[Prepared, str | BriefError]] = []
        try:
            while todo:
                batch, later = _first_of_each_text(todo)
                self.summarizer.summarize_batch(
                    [(p.article, p.summary) for p in batch],
                    lambda i, outcome, batch=batch: self._finished(
                        batch[i], outcome, failed, reporter
                    ),
                )
                todo = []
                for item in later:
                    if self._from_cache(item):
                        reporter.advance()
                    else:
                        todo.append(item)
        finally:
            self.summarizer.release()
        return failed

    def _finished(
        self,
        item: Prepared,
        outcome: Outcome,
        failed: list[tuple[Prepared, str | BriefError]],
        reporter: StageReporter,
    ) -> None:
        if isinstance(outcome, BriefError):  # a prompt template's fault, named as such
            failed.append((item, outcome))
        elif isinstance(outcome, BaseException):
            failed.append((item, f"internal error: {error_line(outcome)}"))
        else:
            item.summary, keep = outcome
            if keep:
                self.cached.store(item.article, item.summary)
        reporter.advance()

    def _from_cache(self, item: Prepared) -> bool:
        hit = self.cached.lookup(item.article, item.summary)
        if hit is not None:
            item.summary = hit
        return hit is not None


def _first_of_each_text(items: Sequence[Prepared]) -> tuple[list[Prepared], list[Prepared]]:
    """The first item of each article text, and the others (copies of one of those)."""
    first: dict[str, Prepared] = {}
    later = []
    for item in items:
        text = cache_text(item.article)
        if text in first:
            later.append(item)
        else:
            first[text] = item
    return list(first.values()), later
