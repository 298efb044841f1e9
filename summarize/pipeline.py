"""The whole chain, from input paths to written briefings and digest.

``run`` is what the CLI calls and what a Python user calls. Everything that can make
the whole run impossible (bad output folder, missing model, missing engine) is checked
before any article is read; after that, one article's failure never stops the others.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from summarize.briefing.briefing import make_briefing
from summarize.briefing.digest import make_digest
from summarize.cleaning.clean import CleanOptions, clean
from summarize.errors import BriefError, InputError
from summarize.inputs.sources import (
    Candidate,
    SourceOptions,
    find_inputs,
    nothing_found,
    read_document,
)
from summarize.inputs.web import FetchStats, WebOptions
from summarize.intake import Intake
from summarize.language.detect import detect_language
from summarize.language.entities import mentions
from summarize.language.naming import local_names, names_to_translate
from summarize.language.segment import split_sentences
from summarize.lexicon.languages import LANGUAGE_NAMES
from summarize.output.files import (
    clean_stale_temporaries,
    locked,
    prepare_out,
    read_digest,
    resolve_out,
    sync_folder,
    write_atomic,
)
from summarize.output.render import Renderer, digest_json
from summarize.output.slugs import unique_slugs
from summarize.output.tidy import listed_briefings, tidy_briefings
from summarize.records import (
    Article,
    Briefing,
    Digest,
    Failure,
    Mentions,
    RunFacts,
    Summary,
    Translation,
)
from summarize.runtime.cache import ResultCache, default_cache_dir
from summarize.runtime.environment import error_line
from summarize.preflight import check_inputs, check_templates
from summarize.state import NoveltyOptions
from summarize.summaries.extractive import SummaryOptions, summarize
from summarize.translation.translate import TranslateOptions, Translator

if TYPE_CHECKING:
    from summarize.distributed import RayOptions
    from summarize.distributed.cluster import RayCluster
    from summarize.runtime.models import ModelRef, Placement
    from summarize.summaries.abstractive import AbstractiveOptions, ModelSummarizer
    from summarize.summaries.cached import CachedSummarizer
    from summarize.translation.cached import CachedTranslator

log = logging.getLogger(__name__)


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
    web: WebOptions = field(default_factory=WebOptions)  # URLs and feeds (inputs/web.py)
    novelty: NoveltyOptions = field(default_factory=NoveltyOptions)  # what is new (state.py)
    ray: RayOptions | None = None  # model work on a Ray cluster (summarize.distributed)

    @property
    def lang(self) -> str:
        return self.translate.lang

    @property
    def placement(self) -> Placement:
        """Where the run's models come from and run (offline, device, Hugging Face cache),
        the summariser's too; a revision belongs to the translation model alone."""
        return dataclasses.replace(self.translate.placement, revision=None)


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
    new: int = 0
    unchanged: bool = False  # nothing new: no file was written
    fetch: FetchStats | None = None  # what the network cost, when anything was fetched

    @property
    def exit_code(self) -> int:
        return 1 if self.digest.failures else 0


@dataclass(eq=False)
class _Prepared:
    article: Article
    summary: Summary
    warnings: list[str]
    full_sentences: list[str] | None
    mentions: Mentions


def run(
    inputs: Sequence[str | Path],
    options: RunOptions | None = None,
    reporter: Reporter | None = None,
    *,
    advise: Callable[[BriefError], str] | None = None,
) -> RunResult:
    """Brief every article among ``inputs`` and write the digest; see the module docstring.

    ``advise`` words one input's error for its failure line and the digest (the CLI adds
    the flag to use); by default the error's own facts."""
    options = options or RunOptions()
    word = advise or _problem
    reporter = reporter or SilentReporter()
    started = time.monotonic()
    # What would fail every article is found before any work (exit 2), outputs untouched.
    check_inputs(inputs)
    check_templates(options.prompts_dir)
    out = resolve_out(options.out)
    prepare_out(out)
    cache = _open_cache(options)
    translation = _TranslationStage.prepare(options, cache) if options.lang != "it" else None
    summarizer = _SummaryStage.prepare(options, cache)
    renderer = Renderer(options.prompts_dir)
    cluster = _join_ray(options, translation, summarizer)

    with (
        locked(out, options.wait),
        cluster or contextlib.nullcontext(),
        Intake(out, options.out, options.web, options.novelty) as intake,
    ):
        clean_stale_temporaries(out)
        skipped: list[str] = []
        web = intake.expand(inputs)
        candidates, input_errors = find_inputs(web.local, exclude=out, skipped=skipped)
        candidates, input_errors = [*candidates, *web.candidates], [*input_errors, *web.errors]
        failures: list[Failure] = []

        def fail(source: str, error: str) -> None:
            failures.append(Failure(source, error))
            reporter.failed(failures[-1])

        for error in input_errors:
            fail(error.source, word(error))
        if not candidates and not failures and not intake.handled_web:
            raise nothing_found(inputs, skipped)

        prepared: list[_Prepared] = []
        reporter.stage("articles", len(candidates))
        for candidate in candidates:
            try:
                item = _prepare(candidate, options, None if cluster else summarizer, intake)
                if item is not None:
                    prepared.append(item)
            except BriefError as exc:
                fail(candidate.source, word(exc))
            except Exception as exc:  # one article must never sink the run
                log.debug("unexpected failure on %s", candidate.source, exc_info=True)
                fail(candidate.source, f"internal error: {error_line(exc)}")
            reporter.advance()
        carried = []  # earlier web articles of this digest; first, so their slugs stay
        for article in intake.carried():
            try:
                carried.append(_prepare_article(article, options, None if cluster else summarizer))
            except Exception as exc:  # one article must never sink the run
                fail(article.source, f"internal error: {error_line(exc)}")
        prepared[:0] = carried
        prepared = [prepared[i] for i in intake.merge([p.article for p in prepared])]
        if cluster is not None and summarizer is not None:
            for item, error in cluster.summarize(summarizer, prepared, reporter):
                fail(item.article.source, error)
                prepared.remove(item)

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
            briefing = make_briefing(
                item.article,
                item.summary,
                item.mentions,
                slug=slug,
                lang=options.lang,
                translations=translations,
                full_sentences=item.full_sentences,
                model=facts.model,
                engine=facts.engine,
                extra_warnings=item.warnings,
            )
            briefing.names = local_names(item.mentions, options.lang, translations)
            briefing.also_published = intake.also_published(briefing.source)
            briefings.append(briefing)

        facts.seconds = time.monotonic() - started
        failures.sort(key=lambda f: f.source)
        digest = make_digest(briefings, failures, facts, lang=options.lang)
        digest.new = intake.what_is_new(b.source for b in briefings)
        sources = [b.source for b in briefings]
        errors = [f"{f.source}: {f.error}" for f in failures]
        unchanged = intake.unchanged(sources, errors, options)
        # Read once, for the all-failed check and for tidying; an unchanged run whose
        # articles are all there needs neither.
        previous = read_digest(out) if not (unchanged and digest.briefings) else None
        kept = _keeps_previous_digest(previous, digest)
        written = [] if unchanged or kept else _write(out, renderer, digest, previous)
        intake.commit(sources, errors, options, wrote=not (unchanged or kept))
        digest.facts.seconds = time.monotonic() - started
    result = RunResult(out, digest, written, [p.article for p in prepared])
    result.new, result.unchanged = intake.new_count, unchanged
    result.fetch = intake.web.fetcher.stats if intake.web.fetcher.stats.requests else None
    return result


def _join_ray(options: RunOptions, *stages: object) -> RayCluster | None:
    """The Ray cluster the model work goes to, joined only when there is model work."""
    if options.ray is None or not any(stages):
        return None
    from summarize.distributed.cluster import connect

    cluster = connect(options.ray, options.translate.device)
    for stage in stages:
        if stage is not None:
            stage.cluster = cluster  # type: ignore[attr-defined]
    return cluster


def _problem(exc: BriefError) -> str:
    return exc.problem if isinstance(exc, InputError) else str(exc)


def _prepare(
    candidate: Candidate,
    options: RunOptions,
    summarizer: _SummaryStage | None,
    intake: Intake | None = None,
) -> _Prepared | None:
    """Read and clean a candidate; None when the run state says it is not for this digest."""
    document = read_document(candidate, options.sources)
    article = clean(document, options.clean)
    if intake is not None and not intake.admit(candidate.source, article):
        return None
    return _prepare_article(article, options, summarizer)


def _prepare_article(
    article: Article, options: RunOptions, summarizer: _SummaryStage | None
) -> _Prepared:
    warnings = []
    detected = detect_language(" ".join(article.kept_lines()))
    if detected and detected != "it":
        name = LANGUAGE_NAMES.get(detected, detected)
        warnings.append(
            f"this article looks {name}, not Italian; its translation may be unreliable"
        )
    summary = summarize(article, options.summary)
    if summarizer is not None:
        summary = summarizer.summarize(article, summary)
    full = None
    if options.full:
        full = [s for line in article.body_lines() for s in split_sentences(line)]
    return _Prepared(article, summary, warnings, full, mentions(article))


def _open_cache(options: RunOptions) -> ResultCache | None:
    """One cache file for translations and model summaries, opened only if a model may run."""
    if not options.use_cache or (options.lang == "it" and options.summarizer == "extractive"):
        return None
    return ResultCache(options.cache_dir or default_cache_dir())  # it warns once itself


class _SummaryStage:
    """A model summariser behind the cache; any failure falls back to the extractive summary."""

    cluster: RayCluster | None = None  # set: the summaries are made by Ray workers

    def __init__(self, options: AbstractiveOptions, key: str, cache: ResultCache | None) -> None:
        self.options = options
        self.key = key
        self.cache = cache
        self._model: ModelSummarizer | None = None
        self.broken: str | None = None  # damaged weights: every summary is the extractive one

    @property
    def _cached(self) -> CachedSummarizer:
        """The cache in front of the model (made on use: holding it would make a cycle
        that keeps the cache file open after the run)."""
        from summarize.summaries.cached import CachedSummarizer

        return CachedSummarizer(self._load, self.cache, self.key)

    @classmethod
    def prepare(cls, options: RunOptions, cache: ResultCache | None) -> _SummaryStage | None:
        """Check the model now (exit 2 before any work); load its weights only on a miss."""
        if options.summarizer == "extractive":
            return None
        from summarize.preflight import summarizer_problem
        from summarize.summaries.abstractive import AbstractiveOptions, check_summarizer

        placed = options.placement
        aopts = AbstractiveOptions(
            model=options.summarizer,
            target_lang=options.lang,
            max_new_tokens=options.summarizer_max_tokens,
            beams=options.summarizer_beams,
            temperature=options.summarizer_temperature,
            sentences=options.summary.summary_sentences + 1,
            prompts_dir=options.prompts_dir,
            offline=placed.offline,
            device=placed.device,
            hf_cache_dir=Path(placed.cache_dir) if placed.cache_dir else None,
        )
        stage = cls(aopts, check_summarizer(aopts), cache)
        stage.broken = summarizer_problem(aopts)
        if stage.broken:
            log.warning("%s; the extractive summaries are used", stage.broken)
        return stage

    def summarize(self, article: Article, extractive: Summary) -> Summary:
        hit = self.cached(article, extractive)
        if hit is not None:
            return hit
        summary, keep = self.compute(article, extractive)
        if keep:
            self.store(article, summary)
        return summary

    def cached(self, article: Article, extractive: Summary) -> Summary | None:
        return self._cached.lookup(article, extractive)

    def _load(self) -> ModelSummarizer:
        from summarize.summaries.abstractive import load_summarizer

        if self._model is None:
            self._model = load_summarizer(self.options)
        return self._model

    def compute(self, article: Article, extractive: Summary) -> tuple[Summary, bool]:
        """The model's summary and whether to cache it (not a failure's fallback); a Ray
        worker runs the same ``summarize_or_fallback``."""
        from summarize.summaries.abstractive import summarize_or_fallback

        if self.broken:
            extractive.warnings.append(f"model summary failed ({self.broken}); extractive used")
            return extractive, False
        return summarize_or_fallback(self._load, article, extractive)

    def store(self, article: Article, summary: Summary) -> None:
        self._cached.store(article, summary)


def _keeps_previous_digest(previous: object | None, digest: Digest) -> bool:
    """A run whose every article failed leaves a digest that had articles as it was
    (issue 10): one bad night must not blank the page readers open."""
    if digest.briefings or not digest.failures:
        return False
    try:
        had = len(previous["articles"]) if isinstance(previous, dict) else 0
    except (KeyError, TypeError):
        return False
    if had:
        log.warning(
            "every article failed; the previous digest (%d article%s) is kept",
            had,
            "" if had == 1 else "s",
        )
    return bool(had)


def _write(out: Path, renderer: Renderer, digest: Digest, previous: object | None) -> list[Path]:
    """Briefings first, the digest last: a digest never links to a briefing not yet written;
    then the briefings of inputs no longer given go (output/tidy.py)."""
    listed = listed_briefings(previous)
    written = []
    for briefing in digest.briefings:
        for path, text in (
            (out / "briefings" / f"{briefing.slug}.md", renderer.briefing(briefing)),
            (out / "briefings" / f"{briefing.slug}.html", renderer.briefing_html(briefing)),
        ):
            write_atomic(path, text, sync_folder=False)
            written.append(path)
    sync_folder(out / "briefings")  # once, before the digest links to them
    for name, text in (
        ("digest.md", renderer.digest(digest)),
        ("digest.html", renderer.digest_html(digest)),
        ("digest.json", digest_json(digest)),
    ):
        write_atomic(out / name, text)
        written.append(out / name)
    tidy_briefings(out, listed, digest, written)
    return written


class _TranslationStage:
    """Cache first, model only for the misses; the model loads at most once, and only if needed."""

    cluster: RayCluster | None = None  # set: the model runs on Ray workers

    def __init__(
        self, options: RunOptions, ref: ModelRef, key: str, cache: ResultCache | None
    ) -> None:
        self.options = options
        self.ref = ref
        self.key = key
        self.cache = cache
        self.engine = options.translate.engine
        self.model_name = ref.name
        self._translator: Translator | None = None

    @property
    def _cached(self) -> CachedTranslator:
        """The cache in front of the model (made on use, as for summaries)."""
        from summarize.translation.cached import CachedTranslator

        return CachedTranslator(self._load, self.cache, self.key, self.engine)

    @classmethod
    def prepare(cls, options: RunOptions, cache: ResultCache | None) -> _TranslationStage:
        """Resolve the model and engine now, so a missing one stops the run before any work."""
        from summarize.runtime.models import default_model, resolve_model
        from summarize.preflight import check_translation_model
        from summarize.translation.translate import check_engine, decoding_key

        topts = options.translate
        name = topts.model or default_model(topts.lang)
        check_engine(topts.engine)
        ref = resolve_model(
            name, revision=topts.revision, offline=topts.offline, cache_dir=topts.hf_cache_dir
        )
        check_translation_model(ref, topts)
        return cls(options, ref, decoding_key(ref, topts), cache)

    def _load(self) -> Translator:
        if self._translator is None:
            from summarize.translation.translate import load_translator

            if self.cluster is not None:
                self._translator = self.cluster.translator(self.ref, self.options.translate)
            else:
                self._translator = load_translator(self.ref, self.options.translate)
        return self._translator

    def run(
        self, prepared: list[_Prepared], reporter: Reporter, facts: RunFacts
    ) -> tuple[dict[str, Translation], list[tuple[_Prepared, str]]]:
        wanted = {p: _texts_of(p, self.options.lang) for p in prepared}
        all_texts = list(dict.fromkeys(t for texts in wanted.values() for t in texts))
        found = self._cached.lookup(all_texts)
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
                    message += error_line(exc)
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
                        failed.append((item, f"translation failed: {error_line(err)}"))
            facts.translated = len(missing) - sum(1 for t in missing if t not in found)
        return found, failed

    def _translate(
        self, texts: list[str], progress: Callable[[int], None] | None
    ) -> dict[str, Translation]:
        return {r.source: r for r in self._cached.translate(texts, progress)}


def _texts_of(p: _Prepared, lang: str) -> list[str]:
    texts = [p.article.title, *p.summary.key_points, *p.summary.summary]
    if p.full_sentences:
        texts.extend(p.full_sentences)
    texts.extend(names_to_translate(p.mentions, lang))
    return [t for t in texts if t.strip()]
