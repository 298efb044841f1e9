"""The whole chain, from input paths to written briefings and digest.

``run`` is what the CLI calls and what a Python user calls. Everything that can make
the whole run impossible (bad output folder, missing model, missing engine) is checked
before any article is read; after that, one article's failure never stops the others.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from summarize.briefing.briefing import make_briefing
from summarize.briefing.digest import make_digest
from summarize.cleaning.clean import CleanOptions, clean
from summarize.continuity import StoryHistory
from summarize.errors import BriefError, InputError, NotAnArticle
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
from summarize.language.naming import local_names
from summarize.language.segment import split_sentences
from summarize.lexicon.languages import LANGUAGE_NAMES
from summarize.output.feed import publish as publish_feed
from summarize.output.files import (
    Footprint,
    clean_stale_temporaries,
    locked,
    prepare_out,
    read_digest,
    resolve_out,
)
from summarize.output.publish import Published, publish
from summarize.output.render import Renderer, digest_json
from summarize.output.slugs import unique_slugs
from summarize.output.tidy import listed_briefings, tidy_briefings
from summarize.preflight import (
    check_inputs,
    check_templates,
    check_translation_model,
    summarizer_problem,
)
from summarize.records import (
    Article,
    Briefing,
    Digest,
    Failure,
    Prepared,
    RunFacts,
    Translation,
)
from summarize.runtime.cache import ResultCache, default_cache_dir
from summarize.runtime.environment import error_line
from summarize.runtime.retention import Retention
from summarize.state import NoveltyOptions, state_file
from summarize.summaries.abstractive import check_summarizer
from summarize.summaries.extractive import summarize
from summarize.summaries.options import AbstractiveOptions, SummaryOptions
from summarize.summaries.stage import SummaryStage
from summarize.translation.base import TranslateOptions
from summarize.translation.stage import TranslationStage
from summarize.wording import counted

if TYPE_CHECKING:
    from summarize.distributed import RayOptions
    from summarize.distributed.cluster import RayCluster

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunOptions:
    """Everything a run needs; the CLI builds one from its arguments. One options object
    a stage, each defined in the module of its stage."""

    out: str | Path = "out"
    wait: float = 0.0  # seconds to wait for another run's lock on ``out``
    sources: SourceOptions = field(default_factory=SourceOptions)  # local files (inputs/)
    web: WebOptions = field(default_factory=WebOptions)  # URLs and feeds (inputs/web.py)
    novelty: NoveltyOptions = field(default_factory=NoveltyOptions)  # what is new (state.py)
    clean: CleanOptions = field(default_factory=CleanOptions)
    summary: SummaryOptions = field(default_factory=SummaryOptions)  # extractive
    summarizer: AbstractiveOptions | None = None  # a model's summaries; None: extractive only
    translate: TranslateOptions = field(default_factory=TranslateOptions)
    full: bool = False  # also translate the whole article
    prompts_dir: Path | None = None  # the user's summariser prompts
    templates_dir: Path | None = None  # the user's output templates
    use_cache: bool = True
    cache_dir: Path | None = None
    ray: RayOptions | None = None  # model work on a Ray cluster (summarize.distributed)
    # how long the cache and the run state keep things (runtime/retention.py; BRIEF_* env)
    retention: Retention = field(default_factory=Retention.from_environment)

    @property
    def lang(self) -> str:
        return self.translate.lang

    def content_key(self) -> str:
        """What shapes a digest's content, as text: a run whose inputs and key are those
        of the digest on disk writes nothing. Listed rather than derived, so an option
        about where or how a run works (out, wait, cache, web, ray ...) never counts."""
        return repr(
            [
                ("translate", self.translate),
                ("summary", self.summary),
                ("summarizer", self.summarizer),
                ("clean", self.clean),
                ("full", self.full),
                ("prompts_dir", self.prompts_dir),
                ("templates_dir", self.templates_dir),
            ]
        )


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
    copies: dict[str, str] = field(default_factory=dict)  # input -> input briefed, same text
    already_reported: int = 0  # failures said by an earlier run, not said again by this one
    refused: list[NotAnArticle] = field(default_factory=list)  # what the cleaner made of each

    @property
    def exit_code(self) -> int:
        """1 when this run said a failure (new, changed, or its daily reminder)."""
        return 1 if len(self.digest.failures) > self.already_reported else 0


class Failures:
    """The inputs that produced no briefing, each shown as it happens and listed in the
    digest; ``advise`` words a library error for them (the CLI adds the flag to use)."""

    def __init__(self, reporter: Reporter, advise: Callable[[BriefError], str]) -> None:
        self.reporter = reporter
        self.advise = advise
        self.items: list[Failure] = []
        self.refused: list[NotAnArticle] = []
        # how a failure is to be said now; None: an earlier run said it (Intake.to_report)
        self.to_report: Callable[[Failure], Failure | None] = lambda failure: failure

    def add(self, source: str, error: str) -> None:
        self.items.append(Failure(source, error))
        shown = self.to_report(self.items[-1])
        if shown is not None:
            self.reporter.failed(shown)

    def error(self, source: str, error: BriefError) -> None:
        self.add(source, self.advise(error))
        if isinstance(error, NotAnArticle):
            self.refused.append(error)

    def unexpected(self, source: str, error: Exception) -> None:
        self.add(source, f"internal error: {error_line(error)}")

    def drop(
        self, failed: Sequence[tuple[Prepared, str | BriefError]], prepared: list[Prepared]
    ) -> None:
        """Items a stage could not finish: failures now, out of the run."""
        for item, error in failed:
            if isinstance(error, BriefError):
                self.error(item.article.source, error)
            else:
                self.add(item.article.source, error)
            prepared.remove(item)


@dataclass
class Stages:
    """What a run needs, checked and made before any work: the output folder, the model
    stages (None when not needed), the renderer and the Ray cluster."""

    out: Path
    renderer: Renderer
    translation: TranslationStage | None = None
    summaries: SummaryStage | None = None
    cluster: RayCluster | None = None
    made: Footprint = field(default_factory=Footprint)  # removed again if the run is refused


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
    reporter = reporter or SilentReporter()
    failures = Failures(reporter, advise or _problem)
    started = time.monotonic()
    stages = prepare_run(inputs, options)  # what would fail every article: exit 2, no work
    out = stages.out
    with (
        stages.made.removed_if_refused(),
        locked(out, options.wait),
        stages.cluster or contextlib.nullcontext(),
        Intake(out, options.out, options.web, options.novelty, options.retention) as intake,
    ):
        clean_stale_temporaries(out)
        failures.to_report = intake.to_report
        candidates, given = _gather(inputs, out, intake, failures)
        prepared = _prepare_all(candidates, options, intake, failures, reporter)
        facts = RunFacts(model=None, engine=None, inputs=given)
        translations = _model_work(prepared, stages, facts, failures, reporter)
        briefings = _briefings(prepared, translations, facts, options, intake)
        facts.seconds = time.monotonic() - started
        digest, written, unchanged = _publish(briefings, failures, facts, options, stages, intake)
        digest.facts.seconds = time.monotonic() - started
    result = RunResult(out, digest, written, [p.article for p in prepared])
    result.new, result.unchanged = intake.new_count, unchanged
    result.copies = intake.copies
    result.refused = failures.refused
    quiet = intake.already_reported
    result.already_reported = sum(1 for f in digest.failures if f.source in quiet)
    result.fetch = intake.web.fetcher.stats if intake.web.fetcher.stats.requests else None
    return result


def prepare_run(inputs: Sequence[str | Path], options: RunOptions) -> Stages:
    """Check everything that would fail every article (inputs, templates, output folder,
    models, engine, Ray) and make the stages; raises before any output is touched."""
    check_inputs(inputs)
    check_templates(options.templates_dir, options.prompts_dir)
    out = resolve_out(options.out)
    cache = _open_cache(options)
    translation = summaries = None
    if options.lang != "it":
        ref = TranslationStage.resolve(options.translate)
        check_translation_model(ref, options.translate)
        translation = TranslationStage.for_model(options.translate, ref, cache)
    if options.summarizer is not None:
        key = check_summarizer(options.summarizer)
        broken = summarizer_problem(options.summarizer)
        summaries = SummaryStage(options.summarizer, key, cache, broken)
    stages = Stages(out, Renderer(options.templates_dir), translation, summaries)
    stages.cluster = _join_ray(options, stages)
    # the output folder is made only once everything else is known to work
    stages.made = Footprint.before(out, state_file(options.out, options.novelty))
    prepare_out(out)
    return stages


def _join_ray(options: RunOptions, stages: Stages) -> RayCluster | None:
    """The Ray cluster the model work goes to, joined only when there is model work; the
    stages are handed its translator and summariser."""
    if options.ray is None or not (stages.translation or stages.summaries):
        return None
    from summarize.distributed.cluster import connect

    cluster = connect(options.ray, options.translate.device)
    if stages.translation is not None:
        ref, topts = stages.translation.ref, stages.translation.options  # not the stage: no cycle
        stages.translation.use(lambda: cluster.translator(ref, topts))
    if stages.summaries is not None:
        summaries = stages.summaries
        summaries.use(cluster.summarizer(summaries.options, summaries.key))
    return cluster


def _problem(exc: BriefError) -> str:
    return exc.problem if isinstance(exc, InputError) else str(exc)


def _gather(
    inputs: Sequence[str | Path], out: Path, intake: Intake, failures: Failures
) -> tuple[list[Candidate], int]:
    """The inputs to read (local files, then web pages fetched in the background) and how
    many were given; an input that cannot be read is a failure."""
    skipped: list[str] = []
    web = intake.expand(inputs)
    candidates, input_errors = find_inputs(web.local, exclude=out, skipped=skipped)
    candidates, input_errors = [*candidates, *web.candidates], [*input_errors, *web.errors]
    for error in input_errors:
        failures.error(error.source, error)
    if not candidates and not failures.items and not intake.handled_web:
        raise nothing_found(inputs, skipped)
    return candidates, len(candidates) + len(input_errors)


def _prepare_all(
    candidates: Sequence[Candidate],
    options: RunOptions,
    intake: Intake,
    failures: Failures,
    reporter: Reporter,
) -> list[Prepared]:
    """Every candidate read, cleaned and admitted (or a failure), then the earlier web
    articles this digest carries (first, so their slugs stay), near-duplicates merged."""
    prepared: list[Prepared] = []
    reporter.stage("articles", len(candidates))
    for candidate in candidates:
        try:
            item = _prepare(candidate, options, intake)
            if item is not None:
                prepared.append(item)
        except BriefError as exc:
            failures.error(candidate.source, exc)
        except Exception as exc:  # one article must never sink the run
            log.debug("unexpected failure on %s", candidate.source, exc_info=True)
            failures.unexpected(candidate.source, exc)
        reporter.advance()
    carried = []
    for article in intake.carried():
        try:
            carried.append(_prepare_article(article, options))
        except Exception as exc:  # one article must never sink the run
            failures.unexpected(article.source, exc)
    prepared[:0] = carried
    return [prepared[i] for i in intake.merge([p.article for p in prepared])]


def _model_work(
    prepared: list[Prepared],
    stages: Stages,
    facts: RunFacts,
    failures: Failures,
    reporter: Reporter,
) -> dict[str, Translation] | None:
    """Model summaries, then translations; an item either stage fails leaves the run."""
    if stages.summaries is not None:
        failures.drop(stages.summaries.run(prepared, reporter), prepared)
    if stages.translation is None:
        return None
    facts.model, facts.engine = stages.translation.model_name, stages.translation.engine
    translations, failed = stages.translation.run(prepared, reporter, facts)
    failures.drop(failed, prepared)
    return translations


def _briefings(
    prepared: Sequence[Prepared],
    translations: dict[str, Translation] | None,
    facts: RunFacts,
    options: RunOptions,
    intake: Intake,
) -> list[Briefing]:
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
    return briefings


def _publish(
    briefings: list[Briefing],
    failures: Failures,
    facts: RunFacts,
    options: RunOptions,
    stages: Stages,
    intake: Intake,
) -> tuple[Digest, list[Path], bool]:
    """The digest made and written (unless nothing changed, or every article failed and
    the previous digest had some), its stories linked to earlier digests', the feed and
    index updated, and the run state told; the files written; whether it was unchanged."""
    failures.items.sort(key=lambda f: f.source)
    digest = make_digest(briefings, failures.items, facts, lang=options.lang)
    digest.new = intake.what_is_new(b.source for b in briefings)
    n = intake.novelty  # stories seen in earlier digests (continuity.py)
    history = StoryHistory(n.state, n.root, n.folder, n.identity_of)
    history.link(digest, stages.out)
    sources = [b.source for b in briefings]
    errors = [f"{f.source}: {f.error}" for f in failures.items]
    content = options.content_key()
    unchanged = intake.unchanged(sources, errors, content)
    # Read once, for the all-failed check and for tidying; an unchanged run whose
    # articles are all there needs neither.
    previous = read_digest(stages.out) if not (unchanged and digest.briefings) else None
    window = (options.novelty.since or "the last run") if options.novelty.mode == "since" else None
    kept = _keeps_previous_digest(previous, digest, window)
    written = [] if unchanged or kept else _write(stages.out, stages.renderer, digest, previous)
    intake.commit(sources, errors, content, wrote=not (unchanged or kept), files=written)
    if not written:
        return digest, [], unchanged
    feed = publish_feed(n.root, stages.out, digest, options.templates_dir)
    history.record(digest)  # the stories, for later digests to continue
    return digest, [f.path for f in written] + feed, unchanged


def _prepare(
    candidate: Candidate, options: RunOptions, intake: Intake | None = None
) -> Prepared | None:
    """Read and clean a candidate; None when the run state says it is not for this digest."""
    document = read_document(candidate, options.sources)
    article = clean(document, options.clean)
    if intake is not None and not intake.admit(candidate.source, article):
        return None
    return _prepare_article(article, options)


def _prepare_article(article: Article, options: RunOptions) -> Prepared:
    """An article ready for the model work: a warning if it is not Italian, its
    extractive summary, its sentences (with ``full``) and the names it mentions."""
    warnings = []
    detected = detect_language(" ".join(article.kept_lines()))
    if detected and detected != "it":
        name = LANGUAGE_NAMES.get(detected, detected)
        warnings.append(
            f"this article looks {name}, not Italian; its translation may be unreliable"
        )
    summary = summarize(article, options.summary)
    full = None
    if options.full:
        full = [s for line in article.body_lines() for s in split_sentences(line)]
    return Prepared(article, summary, warnings, full, mentions(article))


def _open_cache(options: RunOptions) -> ResultCache | None:
    """One cache file for translations and model summaries, opened only if a model may run."""
    if not options.use_cache or (options.lang == "it" and options.summarizer is None):
        return None
    return ResultCache(options.cache_dir or default_cache_dir(), options.retention)


def _keeps_previous_digest(previous: object | None, digest: Digest, window: str | None) -> bool:
    """A run whose every article failed, or whose time window (``window``) holds none,
    leaves a digest that had articles as it was: one bad night must not blank the page
    readers open, and a window is a view of what was seen, not a purge of the folder."""
    if digest.briefings or not (digest.failures or window):
        return False
    try:
        had = len(previous["articles"]) if isinstance(previous, dict) else 0
    except (KeyError, TypeError):
        return False
    if had and digest.failures:
        log.warning(
            "every article failed; the previous digest (%s) is kept", counted(had, "article")
        )
    elif had:
        log.warning(
            "no article first seen since %s; digest kept (%s)", window, counted(had, "article")
        )
    return bool(had)


def _write(
    out: Path, renderer: Renderer, digest: Digest, previous: object | None
) -> list[Published]:
    """Every file of the digest as one set (output/publish.py: all change or none), the
    briefings before the digest that links them; then the briefings of inputs no longer
    given go (output/tidy.py)."""
    listed = listed_briefings(previous)

    def files() -> Iterator[tuple[Path, str]]:
        for briefing in digest.briefings:
            yield out / "briefings" / f"{briefing.slug}.md", renderer.briefing(briefing)
            yield out / "briefings" / f"{briefing.slug}.html", renderer.briefing_html(briefing)
        for name, text in (
            ("digest.md", renderer.digest(digest)),
            ("digest.html", renderer.digest_html(digest)),
            ("digest.json", digest_json(digest)),
        ):
            yield out / name, text

    published = publish(files())
    tidy_briefings(out, listed, digest, [p.path for p in published])
    return published
