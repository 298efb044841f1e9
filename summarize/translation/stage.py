"""The translation stage: every text of a batch of prepared articles, the cache first,
one translator for the misses (loaded at most once, and only if needed).

The translator is whatever ``load`` gives: the engine on this machine
(``translate.load_translator``) or one whose batches run on a Ray cluster
(``summarize.distributed.cluster.RayTranslator``); the stage around it is the same.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Protocol

from summarize.language.naming import names_to_translate
from summarize.records import Prepared, RunFacts, Translation
from summarize.runtime.cache import ResultCache
from summarize.runtime.environment import error_line
from summarize.runtime.models import ModelRef, default_model, resolve_model
from summarize.translation.base import TranslateOptions, Translator
from summarize.translation.cached import CachedTranslator
from summarize.translation.translate import check_engine, decoding_key, load_translator

log = logging.getLogger(__name__)


class StageReporter(Protocol):
    def stage(self, name: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...


class TranslationStage:
    """Cache first, model only for the misses; the model loads at most once, and only if needed."""

    def __init__(
        self, options: TranslateOptions, ref: ModelRef, key: str, cache: ResultCache | None
    ) -> None:
        self.options = options
        self.ref = ref
        self.key = key
        self.cache = cache
        self.engine = options.engine
        self.model_name = ref.name
        self.load: Callable[[], Translator] = lambda: load_translator(ref, options)
        self._translator: Translator | None = None

    @staticmethod
    def resolve(options: TranslateOptions) -> ModelRef:
        """The engine checked and the model found, so a missing one stops the run before
        any work (the pre-run checks then look at its files)."""
        name = options.model or default_model(options.lang)
        check_engine(options.engine)
        return resolve_model(
            name, revision=options.revision, offline=options.offline, cache_dir=options.hf_cache_dir
        )

    @classmethod
    def for_model(
        cls, options: TranslateOptions, ref: ModelRef, cache: ResultCache | None
    ) -> TranslationStage:
        return cls(options, ref, decoding_key(ref, options), cache)

    def use(self, load: Callable[[], Translator]) -> None:
        """Translate the misses with the translator ``load`` gives (a Ray cluster's)."""
        self.load = load

    @property
    def _cached(self) -> CachedTranslator:
        """The cache in front of the model (made on use: holding it would make a cycle
        that keeps the cache file open after the run)."""
        return CachedTranslator(self._load, self.cache, self.key, self.engine)

    def _load(self) -> Translator:
        if self._translator is None:
            self._translator = self.load()
        return self._translator

    def run(
        self, prepared: Sequence[Prepared], reporter: StageReporter, facts: RunFacts
    ) -> tuple[dict[str, Translation], list[tuple[Prepared, str]]]:
        """Every text of ``prepared`` translated, and the items whose texts could not be
        (with their error): one batch for all, then, if it fails, one article at a time."""
        wanted = {p: texts_to_translate(p, self.options.lang) for p in prepared}
        all_texts = list(dict.fromkeys(t for texts in wanted.values() for t in texts))
        found = self._cached.lookup(all_texts)
        facts.cached = len(found)
        missing = [t for t in all_texts if t not in found]
        failed: list[tuple[Prepared, str]] = []
        if missing:
            reporter.stage("translate", len(missing))
            try:
                found.update(self._cached.fill(missing, reporter.advance))
            except Exception as exc:  # any engine failure: isolate it, never sink the run
                log.debug("batch translation failed", exc_info=True)
                failed = self._one_by_one(wanted, found, exc)
            facts.translated = len(missing) - sum(1 for t in missing if t not in found)
        return found, failed

    def _one_by_one(
        self,
        wanted: dict[Prepared, list[str]],
        found: dict[str, Translation],
        batch_error: Exception,
    ) -> list[tuple[Prepared, str]]:
        """After a failed batch: each article's missing texts on their own, so one bad
        article fails alone; a model that never loaded fails every article left."""
        if self._translator is None:
            message = f"translation model {self.model_name} could not be loaded: "
            message += error_line(batch_error)
            return [(p, message) for p, texts in wanted.items() if set(texts) - set(found)]
        failed = []
        for item, texts in wanted.items():
            todo = [t for t in dict.fromkeys(texts) if t not in found]
            if not todo:
                continue
            try:
                found.update(self._cached.fill(todo, None))
            except Exception as err:
                log.debug("translation failed for %s", item.article.source, exc_info=True)
                failed.append((item, f"translation failed: {error_line(err)}"))
        return failed


def texts_to_translate(p: Prepared, lang: str) -> list[str]:
    """What a briefing shows translated: title, key points, summary, the full text with
    ``--full``, and the names the reader's language spells differently."""
    texts = [p.article.title, *p.summary.key_points, *p.summary.summary]
    if p.full_sentences:
        texts.extend(p.full_sentences)
    texts.extend(names_to_translate(p.mentions, lang))
    return [t for t in texts if t.strip()]
