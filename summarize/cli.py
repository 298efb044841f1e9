"""The `brief` command: parse options, call the pipeline, show progress and errors.

This is the only module that knows about the terminal. Library errors become one-line
messages and exit codes here: 0 all articles briefed, 1 some failed, 2 nothing could run.
"""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from summarize import cli_options as opts
from summarize.cli_errors import describe, describe_failure
from summarize.cli_help import BriefCommand, Command, models_misuse
from summarize.terminal import (
    EXIT_TERMINATED,
    SafeFormatter,
    Terminated,
    safe,
    sigterm_raises,
    tolerate_broken_streams,
)
from summarize.wording import counted

if TYPE_CHECKING:
    from rich.console import Console

    from summarize.distributed import RayOptions
    from summarize.pipeline import RunOptions, RunResult
    from summarize.records import Article, Failure
    from summarize.summaries.options import AbstractiveOptions, SummaryOptions
    from summarize.translation.base import TranslateOptions

EXIT_CANNOT_RUN = 2  # 0 and 1 are RunResult.exit_code's

HELP = """
Turn Italian news articles into bilingual Markdown briefings and one digest.

INPUT is a file or a folder (searched recursively for .txt, .md, .html, .htm), a URL
(a page, or an RSS/Atom feed whose items are fetched), or a file listing URLs or feeds
one a line (or an OPML export). Only what is new for OUT is briefed (README 'From the web').
Writes OUT/briefings/<slug>.md and .html per article, OUT/digest.md, OUT/digest.html
and OUT/digest.json.

\b
Examples:
  brief seeds/ --lang en                 English briefings (downloads the model once)
  brief seeds/ --lang it                 Italian-only, no model at all
  brief news/ --out 'out/%Y-%m-%d'       one dated folder per day (cron)
  brief a.html --lang de --explain       German; show every line the cleaner dropped
  brief https://www.ilpost.it/feed/ --out 'out/%Y-%m-%d'   what is new in a feed
  brief feeds.txt --since 24h            articles first seen in the last 24 hours
  brief models pull en                   fetch a model ahead of time (see: brief models --help)

\b
Exit codes: 0 all articles briefed; 1 some failed (the rest are written and the
digest lists the failures); 2 nothing could run (bad option, model unavailable,
output not writable, another run holds the lock). A failure an earlier run reported
is said again only when it changes or once a day, and alone it gives 0.
"""

app = typer.Typer(add_completion=False, rich_markup_mode=None, no_args_is_help=True)
models_app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Download translation models ahead of time and see what is cached. "
    "(To brief a folder called 'models', write: brief ./models)",
)


@app.command(help=HELP, cls=BriefCommand)
def run(
    inputs: opts.Inputs,
    lang: opts.Lang = "en",
    out: opts.Out = "out",
    model: opts.Model = None,
    revision: opts.Revision = None,
    engine: opts.Engine = None,
    compute_type: opts.ComputeType = None,
    quantize: opts.Quantize = False,
    device: opts.Device = "cpu",
    beams: opts.Beams = None,
    points: opts.Points = 5,
    summarizer: opts.Summarizer = "extractive",
    summary_tokens: opts.SummaryTokens = 160,
    summary_beams: opts.SummaryBeams = 1,
    summary_temperature: opts.SummaryTemperature = 0.0,
    full: opts.Full = False,
    offline: opts.Offline = False,
    cache: opts.Cache = None,
    no_cache: opts.NoCache = False,
    prompts: opts.Prompts = None,
    templates: opts.Templates = None,
    wait: opts.Wait = 0.0,
    ray: opts.Ray = None,
    ray_workers: opts.RayWorkers = None,
    ray_cpus: opts.RayCpus = 1,
    max_size: opts.MaxSize = 5.0,
    max_items: opts.MaxItems = 300,
    max_feed_items: opts.MaxFeedItems = 100,
    since: opts.Since = None,
    all_: opts.All = False,
    allow_private: opts.AllowPrivate = False,
    user_agent: opts.UserAgent = None,
    explain: opts.Explain = False,
    quiet: opts.Quiet = False,
    verbose: opts.Verbose = False,
    version: opts.Version = False,
) -> None:
    from summarize.cleaning.clean import CleanOptions
    from summarize.inputs.sources import SourceOptions
    from summarize.inputs.web import USER_AGENT, WebOptions
    from summarize.pipeline import RunOptions
    from summarize.runtime.models import hub_offline
    from summarize.state import NoveltyOptions, parse_since
    from summarize.summaries.options import SummaryOptions
    from summarize.translation.translate import TranslateOptions, default_engine

    _setup_logging(quiet, verbose)
    if since is not None and all_:
        raise typer.BadParameter("give --since or --all, not both", param_hint="--since")
    if since is not None:
        try:
            parse_since(since, None)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--since") from None
    translate = TranslateOptions(
        lang=lang.strip().lower(),
        model=model,
        revision=revision,
        engine=engine or default_engine(),
        device=device,
        compute_type=compute_type,
        quantize=quantize,
        beams=beams,
        offline=offline or hub_offline(),
    )
    summary = SummaryOptions(points=points)
    options = RunOptions(
        out=out,
        wait=wait,
        sources=SourceOptions(max_bytes=_mib_to_bytes(max_size)),
        web=WebOptions(
            allow_private=allow_private,
            max_bytes=_mib_to_bytes(max_size),
            feed_items=max_feed_items,
            run_items=max_items,
            offline=offline,  # HF_HUB_OFFLINE is the model hub's switch: feeds still fetched
            user_agent=user_agent or USER_AGENT,
        ),
        novelty=NoveltyOptions(
            mode="all" if all_ else "since" if since is not None else "new", since=since
        ),
        clean=CleanOptions(),
        summary=summary,
        summarizer=_summarizer_options(
            summarizer,
            translate,
            summary,
            prompts,
            summary_tokens,
            summary_beams,
            summary_temperature,
        ),
        translate=translate,
        full=full,
        prompts_dir=prompts,
        templates_dir=templates,
        use_cache=not no_cache,
        cache_dir=cache,
        ray=_ray_options(ray, ray_workers, ray_cpus),
    )
    code = _run(inputs, options, quiet=quiet, verbose=verbose, explain=explain)
    raise typer.Exit(code)


def _mib_to_bytes(mib: float) -> int:
    """1e308 MiB overflows a float once in bytes: any limit beyond what can exist is the largest."""
    return int(min(mib * 1024 * 1024, sys.maxsize))


def _summarizer_options(
    model: str,
    translate: TranslateOptions,
    summary: SummaryOptions,
    prompts: Path | None,
    max_new_tokens: int,
    beams: int,
    temperature: float,
) -> AbstractiveOptions | None:
    """A model summariser's options (None: extractive), placed where the translator is
    (offline, device, Hugging Face cache; a revision is the translation model's alone)."""
    if model == "extractive":
        return None
    from summarize.summaries.options import AbstractiveOptions

    return AbstractiveOptions(
        model=model,
        target_lang=translate.lang,
        max_new_tokens=max_new_tokens,
        beams=beams,
        temperature=temperature,
        sentences=summary.summary_sentences + 1,
        prompts_dir=prompts,
        offline=translate.offline,
        device=translate.device,
        hf_cache_dir=translate.hf_cache_dir,
    )


def _ray_options(address: str | None, workers: int | None, cpus: int) -> RayOptions | None:
    if address is None:
        return None
    from summarize.distributed import RAY_INSTALL, RayOptions, ray_installed

    if not ray_installed():
        _error(f"--ray needs Ray, an optional extra: {RAY_INSTALL}", False)
        raise typer.Exit(EXIT_CANNOT_RUN)
    return RayOptions(address=address, workers=workers, cpus_per_worker=cpus)


def _run(
    inputs: list[str], options: RunOptions, *, quiet: bool, verbose: bool, explain: bool
) -> int:
    from summarize.errors import BriefError
    from summarize.pipeline import run as run_pipeline

    console = _stderr_console()
    started = time.monotonic()
    reporter = _Reporter(console, quiet=quiet, verbose=verbose)
    try:
        with sigterm_raises(), reporter:
            result = run_pipeline(inputs, options, reporter, advise=describe_failure)
    except BriefError as exc:
        _error(describe(exc), verbose)
        return EXIT_CANNOT_RUN
    except KeyboardInterrupt:
        _error("interrupted; the previous digest is untouched", verbose)
        return 130
    except Terminated:
        _error("terminated (SIGTERM); the previous digest is untouched", verbose)
        return EXIT_TERMINATED
    except Exception as exc:  # the last line of defence for cron: one line, exit 2
        _error(f"unexpected error: {exc!r} (run with --verbose for details)", verbose)
        return EXIT_CANNOT_RUN
    if explain:
        _print_explanation(result)
    if not quiet:
        _print_summary(result, time.monotonic() - started)
    return result.exit_code


def _kept(article: Article) -> str:
    """The same counts, in the same words, as the cleaner's --verbose line."""
    return (
        f"kept {counted(len(article.blocks), 'block')}, "
        f"dropped {counted(len(article.dropped), 'line')}"
    )


def _print_explanation(result: RunResult) -> None:
    for article in result.articles:
        print(f"{safe(article.source)}: {_kept(article)}")
        _print_lines(article)
    for refusal in result.refused:
        refused = refusal.article
        counts = f"{_kept(refused)}, " if refused is not None else ""
        print(f"{safe(refusal.source)}: refused ({counts}not briefed): {safe(refusal.problem)}")
        if refused is not None:
            _print_lines(refused)
    for copy, lead in sorted(result.copies.items()):
        print(f"{safe(copy)}: same text as {safe(lead)}; briefed once, as that one")


def _print_lines(article: Article) -> None:
    """Why the title was chosen, then every dropped line with its reason."""
    for reason in article.title_reasons:
        print(f"  * [{safe(reason)}]")
    for dropped in article.dropped:
        print(f"  - [{dropped.reason}] {safe(dropped.line)}")


def _fetch_summary(result: RunResult) -> str:
    f = result.fetch
    if f is None:
        return ""
    said = f"{counted(f.requests, 'request')}, {f.not_modified} not modified, "
    said += f"{f.wire_bytes / 1e3:.0f} kB"
    return said + (f", {counted(f.left, 'feed item')} left for the next run" if f.left else "")


def _print_summary(result: RunResult, seconds: float) -> None:
    d = result.digest
    if result.unchanged:
        net = f", {_fetch_summary(result)}" if result.fetch is not None else ""
        print(
            f"brief: 0 new, digest unchanged ({counted(len(d.briefings), 'article')}, "
            f"{_failed(result)}, {seconds:.1f} s{net}) -> {safe(result.out / 'digest.md')}"
        )
        return
    parts = [
        f"{len(d.briefings)} briefed",
        _failed(result),
        f"{result.new} new",
        f"{seconds:.1f} s",
    ]
    if d.lang != "it":
        parts.append(f"{d.facts.translated} translated, {d.facts.cached} cached")
    if result.fetch is not None:
        parts.append(_fetch_summary(result))
    print(f"brief: {', '.join(parts)} -> {safe(result.out / 'digest.md')}")


def _failed(result: RunResult) -> str:
    """``2 failed``, with how many of them earlier runs reported (not said again; exit 0)."""
    failed = f"{len(result.digest.failures)} failed"
    if result.already_reported:
        failed += f" ({result.already_reported} already reported)"
    return failed


def _error(message: str, verbose: bool) -> None:
    if verbose:
        logging.getLogger("summarize").exception("error")
    print(f"brief: error: {safe(message)}", file=sys.stderr)


def _setup_logging(quiet: bool, verbose: bool) -> None:
    level = logging.DEBUG if verbose else logging.ERROR if quiet else logging.WARNING
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(SafeFormatter("brief: %(levelname)s: %(message)s"))
    root = logging.getLogger("summarize")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def _stderr_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


class _Reporter:
    """Progress bars on a terminal; in cron only failures (stage lines with --verbose);
    nothing but errors when quiet."""

    def __init__(self, console: Console, *, quiet: bool, verbose: bool = False) -> None:
        self.console = console
        self.quiet = quiet
        self.verbose = verbose
        self.live = console.is_terminal and not quiet
        self._progress = None
        self._task = None

    def __enter__(self) -> _Reporter:
        if self.live:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
                TimeRemainingColumn,
            )

            self._progress = Progress(
                TextColumn("{task.description:<10}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("eta"),
                TimeRemainingColumn(),
                console=self.console,
                transient=False,
            )
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def stage(self, name: str, total: int) -> None:
        if self._progress is not None:
            self._task = self._progress.add_task(name, total=total)
        elif self.verbose and not self.quiet:
            print(f"brief: {name}: {counted(total, 'item')}", file=sys.stderr)

    def advance(self, n: int = 1) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, n)

    def failed(self, failure: Failure) -> None:
        message = f"brief: failed: {safe(failure.source)}: {safe(failure.error)}"
        if self._progress is not None:
            self._progress.console.print(message, markup=False, highlight=False)
        else:
            print(message, file=sys.stderr)


@models_app.command(
    "pull", cls=Command, help="Download a model into the Hugging Face cache (needs network)."
)
def models_pull(
    lang_or_model: Annotated[
        str, typer.Argument(help="A language code (en, de, ...) or a hub model id.")
    ],
    revision: Annotated[str | None, typer.Option(help="Branch, tag or commit.")] = None,
) -> None:
    from summarize.errors import BriefError
    from summarize.runtime.models import LANG_MODELS, SOURCE_LANG, default_model, pull

    code = lang_or_model.strip().lower()
    if "/" not in code and code != SOURCE_LANG and code not in LANG_MODELS:
        _error(
            f"no default model for language {code!r} (known: {', '.join(sorted(LANG_MODELS))}); "
            f"give a hub id instead: brief models pull Helsinki-NLP/opus-mt-it-{code}",
            False,
        )
        raise typer.Exit(EXIT_CANNOT_RUN)
    try:
        name = lang_or_model if "/" in lang_or_model else default_model(lang_or_model)
        if name is None:
            print("brief: Italian needs no model.")
            return
        ref = pull(name, revision=revision)
    except BriefError as exc:
        _error(describe(exc), False)
        raise typer.Exit(EXIT_CANNOT_RUN) from None
    print(f"{ref.name} -> {ref.path}")


@models_app.command("list", cls=Command, help="List the models in the Hugging Face cache.")
def models_list() -> None:
    from summarize.runtime.models import list_cached

    models = list_cached()
    if not models:
        print("no models cached (fetch one with: brief models pull en)")
        return
    for m in models:
        print(f"{m.repo_id}\t{m.size_on_disk / 1e6:.0f} MB\t{m.path}")


@models_app.command(
    "path", cls=Command, help="Print where models are cached (HF_HOME / HF_HUB_CACHE)."
)
def models_path() -> None:
    from huggingface_hub import constants

    print(constants.HF_HUB_CACHE)


def _cache_misuse(args: list[str]) -> str | None:
    if not args or args[0] != "cache":
        return None
    from summarize.cli_cache import cache_misuse

    return cache_misuse(args)


def main(argv: list[str] | None = None) -> None:
    """Entry point: `brief models ...` manages models, `brief cache ...` the cache and run
    state, anything else briefs articles."""
    tolerate_broken_streams()  # the log may be lost (a full disk, a closed pipe), never the run
    args = list(sys.argv[1:] if argv is None else argv)
    misuse = models_misuse(args) or _cache_misuse(args)
    if misuse is not None:
        _error(misuse, False)
        raise SystemExit(EXIT_CANNOT_RUN)
    try:
        if args and args[0] == "models":
            models_app(args=args[1:], prog_name="brief models")
        elif args and args[0] == "cache":
            from summarize.cli_cache import cache_app, cache_args

            cache_app(args=cache_args(args[1:]), prog_name="brief cache")
        else:
            app(args=args, prog_name="brief")
    except Exception as exc:  # never a traceback in a cron mail unless asked for
        if "--verbose" in args or "-v" in args:
            raise
        _error(f"unexpected error: {exc!r} (run with --verbose for details)", False)
        raise SystemExit(EXIT_CANNOT_RUN) from None
