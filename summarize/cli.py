"""The `brief` command: parse options, call the pipeline, show progress and errors.

This is the only module that knows about the terminal. Library errors become one-line
messages and exit codes here: 0 all articles briefed, 1 some failed, 2 nothing could run.
"""

from __future__ import annotations

import logging
import math
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from summarize import __version__
from summarize.cli_errors import describe, describe_failure
from summarize.cli_help import BriefCommand, Command, models_misuse
from summarize.terminal import EXIT_TERMINATED, SafeFormatter, Terminated, safe, sigterm_raises

if TYPE_CHECKING:
    from rich.console import Console

    from summarize.distributed import RayOptions
    from summarize.pipeline import RunOptions, RunResult
    from summarize.records import Failure

EXIT_OK, EXIT_SOME_FAILED, EXIT_CANNOT_RUN = 0, 1, 2

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
output not writable, another run holds the lock).
"""

app = typer.Typer(add_completion=False, rich_markup_mode=None, no_args_is_help=True)
models_app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    no_args_is_help=True,
    help="Download translation models ahead of time and see what is cached. "
    "(To brief a folder called 'models', write: brief ./models)",
)


def _version(value: bool) -> None:
    if value:
        print(f"brief {__version__}")
        raise typer.Exit()


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise typer.BadParameter("give a number of MiB, like 5 ('inf' and 'nan' are not sizes)")
    return value


@app.command(help=HELP, cls=BriefCommand)
def run(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT", show_default=False)],
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            "-l",
            help="Target language: en, de, fr, es, ... picks Helsinki-NLP/opus-mt-it-LANG; "
            "'it' writes Italian-only briefings with no model.",
        ),
    ] = "en",
    out: Annotated[
        str,
        typer.Option(
            "--out", "-o", help="Output folder; strftime patterns allowed (out/%Y-%m-%d)."
        ),
    ] = "out",
    model: Annotated[
        str | None,
        typer.Option(help="Translation model: a hub id or a local folder (Hugging Face layout)."),
    ] = None,
    revision: Annotated[
        str | None, typer.Option(help="Hub revision (branch, tag or commit) of the model.")
    ] = None,
    engine: Annotated[
        str | None,
        typer.Option(
            help="transformers or ctranslate2. Default: ctranslate2 when it is installed "
            "(pip install 'brief-news[fast]'; faster on CPU, see README 'Speed'), "
            "else transformers.",
            show_default=False,
        ),
    ] = None,
    compute_type: Annotated[
        str | None,
        typer.Option(
            help="Numeric precision: ctranslate2 default int8 on CPU, int8_float16 on CUDA; "
            "transformers default float32.",
            show_default=False,
        ),
    ] = None,
    quantize: Annotated[
        bool,
        typer.Option(
            "--quantize",
            help="transformers engine: dynamic int8 Linear layers (CPU; ~1.4x faster, "
            "see README 'Speed').",
        ),
    ] = False,
    device: Annotated[str, typer.Option(help="cpu, cuda or auto.")] = "cpu",
    beams: Annotated[
        int | None,
        typer.Option(min=1, max=16, help="Beam size; default: the model's generation config."),
    ] = None,
    points: Annotated[int, typer.Option(min=1, max=20, help="Key points per article.")] = 5,
    summarizer: Annotated[
        str,
        typer.Option(
            help="'extractive' (default, no model) or a model (hub id or folder): a seq2seq "
            "summariser (BART, T5, IT5) or an instruction model with a chat template (Qwen, "
            "Llama); its prompts are the summary_*.j2 templates shipped in summarize/prompts/."
        ),
    ] = "extractive",
    summary_tokens: Annotated[
        int,
        typer.Option(min=8, max=2048, help="Model summariser: most new tokens it may write."),
    ] = 160,
    summary_beams: Annotated[
        int, typer.Option(min=1, max=16, help="Model summariser: beam size.")
    ] = 1,
    summary_temperature: Annotated[
        float,
        typer.Option(min=0.0, max=2.0, help="Model summariser: 0 = deterministic (default)."),
    ] = 0.0,
    full: Annotated[
        bool, typer.Option("--full", help="Also translate the whole article into the briefing.")
    ] = False,
    offline: Annotated[
        bool,
        typer.Option(
            "--offline", help="Never touch the network; use cached models (also HF_HUB_OFFLINE=1)."
        ),
    ] = False,
    cache: Annotated[
        Path | None,
        typer.Option(help="Translation cache folder (default: the user cache dir)."),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Neither read nor write cached translations.")
    ] = False,
    prompts: Annotated[
        Path | None,
        typer.Option(help="Folder of edited copies of the templates in summarize/prompts/."),
    ] = None,
    wait: Annotated[
        float,
        typer.Option(min=0, help="Seconds to wait for another run on the same --out to finish."),
    ] = 0.0,
    ray: Annotated[
        str | None,
        typer.Option(
            "--ray",
            metavar="ADDRESS",
            help="Run translation and model summaries on a Ray cluster: 'auto' (this "
            "machine's Ray, or a local one on all cores) or ray://head:10001. Needs "
            "pip install 'brief-news[ray]'; see README 'Scaling out'.",
            show_default=False,
        ),
    ] = None,
    ray_workers: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Model-holding Ray actors; default: as many as the cluster's CPUs (GPUs "
            "with --device cuda) allow.",
            show_default=False,
        ),
    ] = None,
    ray_cpus: Annotated[
        int, typer.Option(min=1, help="CPU threads (and Ray CPUs) per Ray actor.")
    ] = 1,
    max_size: Annotated[
        float,
        typer.Option(
            min=0.001,
            callback=_finite,
            help="Largest input file to accept, in MiB (any read stops there).",
        ),
    ] = 5.0,
    since: Annotated[
        str | None,
        typer.Option(
            help="Brief the articles first seen in a window: 24h, 90m, 7d, a date "
            "(2026-11-20) or 'last' (since the previous run). Default: only what is new "
            "for this --out folder (see README 'From the web').",
            show_default=False,
        ),
    ] = None,
    all_: Annotated[
        bool,
        typer.Option("--all", help="Brief every input, whether seen before or not."),
    ] = False,
    allow_private: Annotated[
        bool,
        typer.Option(
            "--allow-private",
            help="Fetch URLs on this machine or a private network (intranets); "
            "link-local addresses (cloud metadata) stay refused.",
        ),
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Print every line the cleaner dropped, and why.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log details; tracebacks on errors.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show version and exit."),
    ] = False,
) -> None:
    from summarize.cleaning.clean import CleanOptions
    from summarize.inputs.sources import SourceOptions
    from summarize.inputs.web import WebOptions
    from summarize.pipeline import RunOptions
    from summarize.state import NoveltyOptions, parse_since
    from summarize.summaries.extractive import SummaryOptions
    from summarize.translation.translate import TranslateOptions, default_engine

    _setup_logging(quiet, verbose)
    if since is not None and all_:
        raise typer.BadParameter("give --since or --all, not both", param_hint="--since")
    if since is not None:
        try:
            parse_since(since, None)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="--since") from None
    options = RunOptions(
        out=out,
        translate=TranslateOptions(
            lang=lang.strip().lower(),
            model=model,
            revision=revision,
            engine=engine or default_engine(),
            device=device,
            compute_type=compute_type,
            quantize=quantize,
            beams=beams,
            offline=offline or _env_true("HF_HUB_OFFLINE"),
        ),
        summary=SummaryOptions(points=points),
        clean=CleanOptions(),
        sources=SourceOptions(max_bytes=_mib_to_bytes(max_size)),
        use_cache=not no_cache,
        cache_dir=cache,
        full=full,
        summarizer=summarizer,
        summarizer_max_tokens=summary_tokens,
        summarizer_beams=summary_beams,
        summarizer_temperature=summary_temperature,
        prompts_dir=prompts,
        wait=wait,
        ray=_ray_options(ray, ray_workers, ray_cpus),
        web=WebOptions(allow_private=allow_private, max_bytes=_mib_to_bytes(max_size)),
        novelty=NoveltyOptions(
            mode="all" if all_ else "since" if since is not None else "new", since=since
        ),
    )
    code = _run(inputs, options, quiet=quiet, verbose=verbose, explain=explain)
    raise typer.Exit(code)


def _mib_to_bytes(mib: float) -> int:
    """1e308 MiB overflows a float once in bytes: any limit beyond what can exist is the largest."""
    return int(min(mib * 1024 * 1024, sys.maxsize))


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


def _print_explanation(result: RunResult) -> None:
    for article in result.articles:
        # the same counts, in the same words, as the cleaner's --verbose line
        print(
            f"{safe(article.source)}: kept {len(article.blocks)} blocks, "
            f"dropped {len(article.dropped)} lines"
        )
        for reason in article.title_reasons:
            print(f"  * [{safe(reason)}]")
        for dropped in article.dropped:
            print(f"  - [{dropped.reason}] {safe(dropped.line)}")


def _fetch_summary(result: RunResult) -> str:
    f = result.fetch
    if f is None:
        return ""
    return f"{f.requests} requests, {f.not_modified} not modified, {f.wire_bytes / 1e3:.0f} kB"


def _print_summary(result: RunResult, seconds: float) -> None:
    d = result.digest
    if result.unchanged:
        net = f", {_fetch_summary(result)}" if result.fetch is not None else ""
        print(
            f"brief: 0 new, digest unchanged ({len(d.briefings)} articles, "
            f"{len(d.failures)} failed, {seconds:.1f} s{net}) -> {safe(result.out / 'digest.md')}"
        )
        return
    parts = [
        f"{len(d.briefings)} briefed",
        f"{len(d.failures)} failed",
        f"{result.new} new",
        f"{seconds:.1f} s",
    ]
    if d.lang != "it":
        parts.append(f"{d.facts.translated} translated, {d.facts.cached} cached")
    if result.fetch is not None:
        parts.append(_fetch_summary(result))
    print(f"brief: {', '.join(parts)} -> {safe(result.out / 'digest.md')}")


def _error(message: str, verbose: bool) -> None:
    if verbose:
        logging.getLogger("summarize").exception("error")
    print(f"brief: error: {safe(message)}", file=sys.stderr)


def _env_true(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


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
            print(f"brief: {name}: {total} item(s)", file=sys.stderr)

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


def main(argv: list[str] | None = None) -> None:
    """Entry point: `brief models ...` manages models, anything else briefs articles."""
    args = list(sys.argv[1:] if argv is None else argv)
    misuse = models_misuse(args)
    if misuse is not None:
        _error(misuse, False)
        raise SystemExit(EXIT_CANNOT_RUN)
    try:
        if args and args[0] == "models":
            models_app(args=args[1:], prog_name="brief models")
        else:
            app(args=args, prog_name="brief")
    except Exception as exc:  # never a traceback in a cron mail unless asked for (issue 10)
        if "--verbose" in args or "-v" in args:
            raise
        _error(f"unexpected error: {exc!r} (run with --verbose for details)", False)
        raise SystemExit(EXIT_CANNOT_RUN) from None
