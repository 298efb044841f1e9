"""The `brief` command's options, declared once as ``Annotated`` types.

``cli.run`` names each parameter with one of these, so its body stays about what a run
does, and the words of ``--help`` live here, beside the callbacks that check a value.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from summarize import __version__
from summarize.wording import counted

# Servers commonly refuse request headers past 8 KiB in all; a User-Agent is a line.
MAX_HEADER_CHARS = 512


def show_version(value: bool) -> None:
    if value:
        typer.echo(f"brief {__version__}")
        raise typer.Exit()


def finite_mib(value: float) -> float:
    if not math.isfinite(value):
        raise typer.BadParameter("give a number of MiB, like 5 ('inf' and 'nan' are not sizes)")
    return value


def header_value(value: str | None) -> str | None:
    """A User-Agent goes out as an HTTP header: one line of printable ASCII."""
    if value is None:
        return None
    value = value.strip()
    if not value or len(value) > MAX_HEADER_CHARS or not all(" " <= c <= "~" for c in value):
        raise typer.BadParameter(
            f"give one line of printable ASCII, at most {counted(MAX_HEADER_CHARS, 'character')} "
            "(it is sent as an HTTP header)"
        )
    return value


Inputs = Annotated[list[str], typer.Argument(metavar="INPUT", show_default=False)]
Lang = Annotated[
    str,
    typer.Option(
        "--lang",
        "-l",
        help="Target language: en, de, fr, es, ... picks Helsinki-NLP/opus-mt-it-LANG; "
        "'it' writes Italian-only briefings with no model.",
    ),
]
Out = Annotated[
    str,
    typer.Option("--out", "-o", help="Output folder; strftime patterns allowed (out/%Y-%m-%d)."),
]
Model = Annotated[
    str | None,
    typer.Option(help="Translation model: a hub id or a local folder (Hugging Face layout)."),
]
Revision = Annotated[
    str | None, typer.Option(help="Hub revision (branch, tag or commit) of the model.")
]
Engine = Annotated[
    str | None,
    typer.Option(
        help="transformers or ctranslate2. Default: ctranslate2 when it is installed "
        "(pip install 'brief-news[fast]'; faster on CPU, see README 'Speed'), "
        "else transformers.",
        show_default=False,
    ),
]
ComputeType = Annotated[
    str | None,
    typer.Option(
        help="Numeric precision: ctranslate2 default int8 on CPU, int8_float16 on CUDA; "
        "transformers default float32.",
        show_default=False,
    ),
]
Quantize = Annotated[
    bool,
    typer.Option(
        "--quantize",
        help="transformers engine: dynamic int8 Linear layers (CPU; ~1.4x faster, "
        "see README 'Speed').",
    ),
]
Device = Annotated[str, typer.Option(help="cpu, cuda or auto.")]
Beams = Annotated[
    int | None,
    typer.Option(min=1, max=16, help="Beam size; default: the model's generation config."),
]
Points = Annotated[int, typer.Option(min=1, max=20, help="Key points per article.")]
Summarizer = Annotated[
    str,
    typer.Option(
        help="'extractive' (default, no model) or a model (hub id or folder): a seq2seq "
        "summariser (BART, T5, IT5) or an instruction model with a chat template (Qwen, "
        "Llama); its prompts are the summary_*.j2 templates shipped in summarize/prompts/."
    ),
]
SummaryTokens = Annotated[
    int, typer.Option(min=8, max=2048, help="Model summariser: most new tokens it may write.")
]
SummaryBeams = Annotated[int, typer.Option(min=1, max=16, help="Model summariser: beam size.")]
SummaryTemperature = Annotated[
    float, typer.Option(min=0.0, max=2.0, help="Model summariser: 0 = deterministic (default).")
]
Full = Annotated[
    bool, typer.Option("--full", help="Also translate the whole article into the briefing.")
]
Offline = Annotated[
    bool,
    typer.Option(
        "--offline",
        help="No network at all: models only from the cache, and URL or feed inputs "
        "refused (exit 2). HF_HUB_OFFLINE=1 or TRANSFORMERS_OFFLINE=1 keep only the models "
        "offline; web inputs are still fetched.",
    ),
]
Cache = Annotated[
    Path | None, typer.Option(help="Translation cache folder (default: the user cache dir).")
]
NoCache = Annotated[
    bool, typer.Option("--no-cache", help="Neither read nor write cached translations.")
]
Prompts = Annotated[
    Path | None,
    typer.Option(help="Folder of edited copies of the summariser prompts in summarize/prompts/."),
]
Templates = Annotated[
    Path | None,
    typer.Option(
        help="Folder of edited copies of the output templates (Markdown, HTML, CSS, the "
        "Atom feed entry and the index page) in summarize/templates/."
    ),
]
Wait = Annotated[
    float, typer.Option(min=0, help="Seconds to wait for another run on the same --out to finish.")
]
Ray = Annotated[
    str | None,
    typer.Option(
        "--ray",
        metavar="ADDRESS",
        help="Run translation and model summaries on a Ray cluster: 'auto' (this "
        "machine's Ray, or a local one on all cores) or ray://head:10001. Needs "
        "pip install 'brief-news[ray]'; see README 'Scaling out'.",
        show_default=False,
    ),
]
RayWorkers = Annotated[
    int | None,
    typer.Option(
        min=1,
        help="Model-holding Ray actors; default: as many as the cluster's CPUs (GPUs "
        "with --device cuda) allow.",
        show_default=False,
    ),
]
RayCpus = Annotated[int, typer.Option(min=1, help="CPU threads (and Ray CPUs) per Ray actor.")]
MaxSize = Annotated[
    float,
    typer.Option(
        min=0.001,
        callback=finite_mib,
        help="Largest input file to accept, in MiB (any read stops there).",
    ),
]
MaxItems = Annotated[
    int,
    typer.Option(
        min=1,
        help="Feed items fetched in one run, all feeds together; the rest wait for "
        "the next run (said in the summary line).",
    ),
]
MaxFeedItems = Annotated[
    int, typer.Option(min=1, help="Feed items fetched from any one feed in one run.")
]
Since = Annotated[
    str | None,
    typer.Option(
        help="Brief the articles first seen in a window: 24h, 90m, 7d, a date "
        "(2026-11-20) or 'last' (since the previous run). Default: only what is new "
        "for this --out folder (see README 'From the web'). A window holding no article "
        "keeps the folder's digest as it is.",
        show_default=False,
    ),
]
All = Annotated[bool, typer.Option("--all", help="Brief every input, whether seen before or not.")]
AllowPrivate = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Fetch URLs on this machine or a private network (intranets); "
        "link-local addresses (cloud metadata) stay refused.",
    ),
]
UserAgent = Annotated[
    str | None,
    typer.Option(
        "--user-agent",
        envvar="BRIEF_USER_AGENT",
        callback=header_value,
        metavar="TEXT",
        help="User-Agent sent to sites. Default: brief/VERSION and this project's page; "
        "robots.txt rules for 'brief' apply either way.",
        show_default=False,
    ),
]
Explain = Annotated[
    bool,
    typer.Option(
        "--explain",
        help="Print every line the cleaner dropped, and why; for a refused article, "
        "also what refused it.",
    ),
]
Quiet = Annotated[bool, typer.Option("--quiet", "-q", help="Print errors only.")]
Verbose = Annotated[
    bool, typer.Option("--verbose", "-v", help="Log details; tracebacks on errors.")
]
Version = Annotated[
    bool,
    typer.Option("--version", callback=show_version, is_eager=True, help="Show version and exit."),
]


# brief cache show|prune (cli_cache.py)
CacheFolder = Annotated[
    Path | None,
    typer.Option(
        "--cache", metavar="DIR", help="Cache folder, as given to brief (default: user cache)."
    ),
]
StateOut = Annotated[
    str,
    typer.Option(
        "--out",
        "-o",
        metavar="DIR",
        help="Output folder (or pattern) whose run state to include, as given to brief.",
    ),
]
OlderThan = Annotated[
    str | None,
    typer.Option(
        metavar="AGE",
        help="Cache entries unused for longer than this go: 30d, 12h, 2w "
        "(default: BRIEF_CACHE_MAX_AGE or 30d).",
        show_default=False,
    ),
]
CacheMaxSize = Annotated[
    str | None,
    typer.Option(
        metavar="SIZE",
        help="Then the least recently used go until the cache's data fit: 512MiB, 2GiB "
        "(default: BRIEF_CACHE_MAX_SIZE or 512MiB).",
        show_default=False,
    ),
]
StateOlderThan = Annotated[
    str | None,
    typer.Option(
        metavar="AGE",
        help="Run state: articles not met for longer than this are forgotten (they are "
        "new again if they come back) (default: BRIEF_STATE_MAX_AGE or 90d).",
        show_default=False,
    ),
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Say what would go; change nothing.")]
