"""A translator that answers from the cache and asks the model only for what is new.

It has the interface of the translator it wraps (argos-translate's ``CachedTranslation``
idea), and the model is loaded only when a text misses: a rerun whose translations are
all cached never loads it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from summarize.records import Translation
from summarize.runtime.cache import Entry

if TYPE_CHECKING:
    from summarize.runtime.cache import ResultCache
    from summarize.translation.base import Progress, Translator


class CachedTranslator:
    """``load()`` gives the real translator, called once, on the first miss; ``key`` is the
    decoding key (:func:`summarize.translation.translate.decoding_key`)."""

    def __init__(
        self,
        load: Callable[[], Translator],
        cache: ResultCache | None,
        key: str,
        engine: str,
    ) -> None:
        self._load = load
        self.cache = cache
        self.key = key
        self.engine = engine
        self.inner: Translator | None = None

    @property
    def loaded(self) -> bool:
        return self.inner is not None

    def lookup(self, texts: Sequence[str]) -> dict[str, Translation]:
        """The cached translations among ``texts``."""
        if self.cache is None:
            return {}
        entries = self.cache.get_many(self.key, texts)
        return {text: Translation(text, e.value, e.notes) for text, e in entries.items()}

    def translate(
        self, texts: Sequence[str], progress: Progress | None = None
    ) -> list[Translation]:
        """One Translation per text, in input order: cached ones as stored, the rest from
        the model (then stored). ``progress`` counts the texts the model translates."""
        found = self.lookup(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            found.update(self.fill(missing, progress))
        return [found[text] for text in texts]

    def fill(
        self, missing: Sequence[str], progress: Progress | None = None
    ) -> dict[str, Translation]:
        """The model's translations of texts known to be missing from the cache (no
        second lookup), stored for next time."""
        if self.inner is None:
            self.inner = self._load()
        results = self.inner.translate(missing, progress)
        if self.cache is not None:
            self.cache.put_many(
                self.key, {r.source: Entry(r.text, tuple(r.warnings)) for r in results}
            )
        return {r.source: r for r in results}
