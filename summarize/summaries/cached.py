"""Model summaries in the cache: the stored format, looked up and stored under the
summariser's key (the summary stage asks the model only for the misses).

The cache key is the summariser's (:func:`summarize.summaries.modelinfo.summary_key`),
the entry key the article's kept lines. A rerun whose summaries are all cached never
loads the model.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from summarize.records import Article, Summary
from summarize.runtime.cache import Entry

if TYPE_CHECKING:
    from summarize.runtime.cache import ResultCache

log = logging.getLogger(__name__)

CACHE_FORMAT = 1


def summary_to_cache(s: Summary) -> str:
    """A model summary as JSON for the cache. Key points are not stored: they are the
    extractive ones, recomputed each run. A summary whose Italian side is the extractive
    one stores ``null`` there, so it follows the extractive settings of the run."""
    model_written = s.method.startswith("model:") and s.summary_target is None
    data = {
        "format": CACHE_FORMAT,
        "method": s.method,
        "summary": list(s.summary) if model_written else None,
        "summary_target": s.summary_target if s.method.startswith("model:") else None,
        "warnings": list(s.warnings),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def summary_from_cache(text: str, extractive: Summary) -> Summary:
    """The Summary :func:`summary_to_cache` stored, completed with this run's extractive
    key points (and Italian summary where the model wrote none). ValueError for anything
    that is not what :func:`summary_to_cache` writes."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        raise ValueError("not a cached summary of this format")
    stored_warnings = _texts(data.get("warnings") or [])
    summary = data.get("summary")
    target = data.get("summary_target")
    method = data.get("method") or extractive.method
    if not isinstance(method, str) or not (target is None or isinstance(target, str)):
        raise ValueError("a cached summary with fields of the wrong type")
    warnings = list(extractive.warnings)
    warnings += [w for w in stored_warnings if w not in warnings]
    if not method.startswith("model:"):
        return Summary(
            key_points=list(extractive.key_points),
            summary=list(extractive.summary),
            method=extractive.method,
            summary_target=extractive.summary_target,
            warnings=warnings,
        )
    return Summary(
        key_points=list(extractive.key_points),
        summary=_texts(summary) if summary is not None else list(extractive.summary),
        method=method,
        summary_target=target,
        warnings=warnings,
    )


def _texts(value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("a cached summary with a list of the wrong type")
    return list(value)


def cache_text(article: Article) -> str:
    """What a summary is cached under: the article as the cleaner kept it."""
    return "\n".join(article.kept_lines())


class CachedSummarizer:
    """Model summaries in the cache under the summariser's ``key`` (the stage asks the
    model only for what is not here)."""

    def __init__(self, cache: ResultCache | None, key: str) -> None:
        self.cache = cache
        self.key = key

    def lookup(self, article: Article, extractive: Summary) -> Summary | None:
        """The cached summary of ``article``, or None (a miss, or an entry that cannot be
        read)."""
        if self.cache is None:
            return None
        text = cache_text(article)
        hit = self.cache.get_many(self.key, [text]).get(text)
        if hit is None:
            return None
        try:
            return summary_from_cache(hit.value, extractive)
        except ValueError:
            log.debug("ignoring an unreadable cached summary for %s", article.source)
            return None

    def store(self, article: Article, summary: Summary) -> None:
        if self.cache is not None:
            self.cache.put_many(self.key, {cache_text(article): Entry(summary_to_cache(summary))})
