"""The whole chain, from input paths to written briefings and digest.

``run`` is what the CLI calls and what a Python user calls. Everything that can make
the whole run impossible (bad output folder, missing model, missing engine) is checked
before any article is read; after that, one article's failure never stops the others.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from summarize.briefing.briefing import Briefing, make_briefing
from summarize.briefing.digest import Digest, Failure, RunFacts, make_digest
from summarize.cleaning.clean import CleanOptions, clean
from summarize.errors import BriefError, InputError
from summarize.inputs.sources import Candidate, SourceOptions, find_inputs, read_document
from summarize.language.detect import detect_language
from summarize.language.entities import mentions
from summarize.language.segment import split_sentences
from summarize.output.files import (
    clean_stale_temporaries,
    locked,
    prepare_out,
    resolve_out,
    write_atomic,
)
from summarize.output.render import Renderer, digest_json
from summarize.output.slugs import unique_slugs
from summarize.records import Article
from summarize.runtime.cache import TranslationCache, default_cache_dir
from summarize.summaries.extractive import Summary, SummaryOptions, summarize
from summarize.translation.translate import TranslateOptions, Translation, Translator

if TYPE_CHECKING:
    from summarize.runtime.models import ModelRef
    from summarize.summaries.abstractive import AbstractiveOptions, ModelSummarizer

log = logging.getLogger(__name__)

# Languages we can name when flagging an article that is not Italian.
_LANGUAGE_NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish"}


@dataclass(frozen=True)
class RunOptions:
    """Everything a run needs; the CLI builds one from its arguments."""

    out: str | Path = "out"
    translate: TranslateOptions = field(default_factory=TranslateOptions)
    summary: SummaryOptions = field(default_factory=SummaryOptions)
    clean: CleanOptions = field(default_factory=CleanOptions)
    sources: SourceOptions = field(default_factory=SourceOptions)
    use_cache: bool = True
    cache_dir: Path | None = None
    full: bool = False
    summarizer: str = "extractive"
    summarizer_max_tokens: int = 160
    summarizer_beams: int = 1
    summarizer_temperature: float = 0.0
    prompts_dir: Path | None = None
    wait: float = 0.0

    @property
    def lang(self) -> str:
        return self.translate.lang


class Reporter(Protocol):
    """Progress events for whoever shows them (the CLI draws bars; the library stays silent)."""

    def stage(self, name: str, total: int) -> None: ...

    def advance(self, n: int = 1) -> None: ...

    def failed(self, failure: Failure) -> None: ...


class SilentReporter:
    def stage(self, name: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def failed(self, failure: Failure) -> None:
        pass


@dataclass
class RunResult:
    out: Path
    digest: Digest
    written: list[Path]
    articles: list[Article] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.digest.failures else 0


@dataclass(eq=False)
class _Prepared:
    article: Article
    summary: Summary
    warnings: list[str]
    full_sentences: list[str] | None


def run(
    inputs: Sequence[str | Path],
    options: RunOptions | None = None,
    reporter: Reporter | None = None,
) -> RunResult:
    """Brief every article among ``inputs`` and write the digest; see the module docstring."""
    options = options or RunOptions()
    reporter = reporter or SilentReporter()
    started = time.monotonic()
    out = resolve_out(options.out)
    prepare_out(out)
    cache = _open_cache(options)
    translation = _TranslationStage.prepare(options, cache) if options.lang != "it" else None
    summarizer = _SummaryStage.prepare(options, cache)
    renderer = Renderer(options.prompts_dir)

    with locked(out, options.wait):
        clean_stale_temporaries(out)
        candidates, input_errors = find_inputs(inputs, exclude=out)
        failures: list[Failure] = []

        def fail(source: str, error: str) -> None:
            failures.append(Failure(source, error))
            reporter.failed(failures[-1])

        for error in input_errors:
            fail(error.source, error.problem)
        if not candidates and not failures:
            raise InputError(
                ", ".join(map(str, inputs)) or "(no input)",
                "no .txt, .md, .html or .htm files found; give files or folders of articles",
            )

        prepared: list[_Prepared] = []
        reporter.stage("articles", len(candidates))
        for candidate in candidates:
            try:
                prepared.append(_prepare(candidate, options, summarizer))
            except BriefError as exc:
                fail(candidate.source, _problem(exc))
            except Exception as exc:  # one article must never sink the run
                log.debug("unexpected failure on %s", candidate.source, exc_info=True)
                fail(candidate.source, f"internal error: {_one_line(exc)}")
            reporter.advance()

        translations: dict[str, Translation] | None = None
        facts = RunFacts(model=None, engine=None, inputs=len(candidates) + len(input_errors))
        if translation is not None:
            facts.model, facts.engine = translation.model_name, translation.engine
            translations, failed = translation.run(prepared, reporter, facts)
            for item, error in failed:
                fail(item.article.source, error)
                prepared.remove(item)

        slugs = unique_slugs(p.article.title for p in prepared)
        briefings: list[Briefing] = []
        for item, slug in zip(prepared, slugs, strict=True):
            briefings.append(
                make_briefing(
                    item.article,
                    item.summary,
                    mentions(item.article),
                    slug=slug,
                    lang=options.lang,
                    translations=translations,
                    full_sentences=item.full_sentences,
                    model=facts.model,
                    engine=facts.engine,
                    extra_warnings=item.warnings,
                )
            )

        facts.seconds = time.monotonic() - started
        failures.sort(key=lambda f: f.source)
        digest = make_digest(briefings, failures, facts, lang=options.lang)
        written = _write(out, renderer, digest)
        digest.facts.seconds = time.monotonic() - started
    return RunResult(out, digest, written, [p.article for p in prepared])


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _problem(exc: BriefError) -> str:
    return exc.problem if isinstance(exc, InputError) else str(exc)


def _prepare(
    candidate: Candidate, options: RunOptions, summarizer: _SummaryStage | None
) -> _Prepared:
    document = read_document(candidate, options.sources)
    article = clean(document, options.clean)
    warnings = []
    detected = detect_language(" ".join(article.kept_lines()))
    if detected and detected != "it":
        name = _LANGUAGE_NAMES.get(detected, detected)
        warnings.append(
            f"this article looks {name}, not Italian; its translation may be unreliable"
        )
    summary = summarize(article, options.summary)
    if summarizer is not None:
        summary = summarizer.summarize(article, summary)
    full = None
    if options.full:
        full = [s for line in article.body_lines() for s in split_sentences(line)]
    return _Prepared(article, summary, warnings, full)


def _open_cache(options: RunOptions) -> TranslationCache | None:
    """One cache file for translations and model summaries, opened only if a model may run."""
    if not options.use_cache or (options.lang == "it" and options.summarizer == "extractive"):
        return None
    cache = TranslationCache(options.cache_dir or default_cache_dir())
    if cache.problem:
        log.warning("%s", cache.problem)
    return cache


class _SummaryStage:
    """A model summariser behind the cache; any failure falls back to the extractive summary."""

    def __init__(
        self, options: AbstractiveOptions, key: str, cache: TranslationCache | None
    ) -> None:
        self.options = options
        self.key = key
        self.cache = cache
        self._model: ModelSummarizer | None = None

    @classmethod
    def prepare(cls, options: RunOptions, cache: TranslationCache | None) -> _SummaryStage | None:
        """Check the model now (exit 2 before any work); load its weights only on a miss."""
        if options.summarizer == "extractive":
            return None
        from summarize.summaries.abstractive import AbstractiveOptions, check_summarizer

        topts = options.translate
        aopts = AbstractiveOptions(
            model=options.summarizer,
            target_lang=options.lang,
            max_new_tokens=options.summarizer_max_tokens,
            beams=options.summarizer_beams,
            temperature=options.summarizer_temperature,
            sentences=options.summary.summary_sentences + 1,
            prompts_dir=options.prompts_dir,
            offline=topts.offline,
            device=topts.device,
            hf_cache_dir=Path(topts.hf_cache_dir) if topts.hf_cache_dir else None,
        )
        return cls(aopts, check_summarizer(aopts), cache)

    def summarize(self, article: Article, extractive: Summary) -> Summary:
        from summarize.summaries.abstractive import (
            load_summarizer,
            summary_from_cache,
            summary_to_cache,
        )

        text = "\n".join(article.kept_lines())
        if self.cache is not None:
            hit = self.cache.get_many(self.key, [text]).get(text)
            if hit is not None:
                try:
                    return summary_from_cache(hit.text, extractive)
                except ValueError:
                    log.debug("ignoring an unreadable cached summary for %s", article.source)
        try:
            if self._model is None:
                self._model = load_summarizer(self.options)
            summary = self._model.summarize(article, extractive)
        except (BriefError, RuntimeError, MemoryError, OSError, ValueError) as exc:
            log.debug("model summary failed for %s", article.source, exc_info=True)
            extractive.warnings.append(f"model summary failed ({exc}); extractive summary used")
            return extractive
        if self.cache is not None:
            self.cache.put_many(self.key, [Translation(text, summary_to_cache(summary))])
        return summary


def _write(out: Path, renderer: Renderer, digest: Digest) -> list[Path]:
    """Briefings first, the digest last: a digest never links to a briefing not yet written."""
    written = []
    for briefing in digest.briefings:
        path = out / "briefings" / f"{briefing.slug}.md"
        write_atomic(path, renderer.briefing(briefing))
        written.append(path)
    for name, text in (
        ("digest.md", renderer.digest(digest)),
        ("digest.json", digest_json(digest)),
    ):
        write_atomic(out / name, text)
        written.append(out / name)
    return written


class _TranslationStage:
    """Cache first, model only for the misses; the model loads at most once, and only if needed."""

    def __init__(
        self, options: RunOptions, ref: ModelRef, key: str, cache: TranslationCache | None
    ) -> None:
        self.options = options
        self.ref = ref
        self.key = key
        self.cache = cache
        self.engine = options.translate.engine
        self.model_name = ref.name
        self._translator: Translator | None = None

    @classmethod
    def prepare(cls, options: RunOptions, cache: TranslationCache | None) -> _TranslationStage:
        """Resolve the model and engine now, so a missing one stops the run before any work."""
        from summarize.runtime.models import default_model, resolve_model
        from summarize.translation.translate import check_engine, decoding_key

        topts = options.translate
        name = topts.model or default_model(topts.lang)
        check_engine(topts.engine)
        ref = resolve_model(
            name, revision=topts.revision, offline=topts.offline, cache_dir=topts.hf_cache_dir
        )
        return cls(options, ref, decoding_key(ref, topts), cache)

    def _load(self) -> Translator:
        if self._translator is None:
            from summarize.translation.translate import load_translator

            self._translator = load_translator(self.ref, self.options.translate)
        return self._translator

    def run(
        self, prepared: list[_Prepared], reporter: Reporter, facts: RunFacts
    ) -> tuple[dict[str, Translation], list[tuple[_Prepared, str]]]:
        wanted = {p: _texts_of(p) for p in prepared}
        all_texts = list(dict.fromkeys(t for texts in wanted.values() for t in texts))
        found = self.cache.get_many(self.key, all_texts) if self.cache else {}
        facts.cached = len(found)
        missing = [t for t in all_texts if t not in found]
        failed: list[tuple[_Prepared, str]] = []
        if missing:
            reporter.stage("translate", len(missing))
            try:
                found.update(self._translate(missing, reporter.advance))
            except Exception as exc:  # any engine failure: isolate it, never sink the run
                log.debug("batch translation failed", exc_info=True)
                if self._translator is None:
                    message = f"translation model {self.model_name} could not be loaded: "
                    message += _one_line(exc)
                    failed = [
                        (p, message) for p, texts in wanted.items() if set(texts) - set(found)
                    ]
                    return found, failed
                for item, texts in wanted.items():
                    todo = [t for t in texts if t not in found]
                    if not todo:
                        continue
                    try:
                        found.update(self._translate(todo, None))
                    except Exception as err:
                        log.debug("translation failed for %s", item.article.source, exc_info=True)
                        failed.append((item, f"translation failed: {_one_line(err)}"))
            facts.translated = len(missing) - sum(1 for t in missing if t not in found)
        return found, failed

    def _translate(
        self, texts: list[str], progress: Callable[[int], None] | None
    ) -> dict[str, Translation]:
        results = self._load().translate(texts, progress)
        if self.cache:
            self.cache.put_many(self.key, results)
        return {r.source: r for r in results}


def _texts_of(p: _Prepared) -> list[str]:
    texts = [p.article.title, *p.summary.key_points, *p.summary.summary]
    if p.full_sentences:
        texts.extend(p.full_sentences)
    return [t for t in texts if t.strip()]
