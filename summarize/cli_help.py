"""Conventional `--help` for the `brief` commands: `PATH...` and `LANG`, not Python types.

Typer prints a parameter's Python type (`INPUT <list[str]>`, `--lang <str>`,
`--points <int range>`) and braces in the usage line (`{INPUT}...`). These command
classes print metavars the way Unix tools do, name the `brief models` commands in the
main help (they are dispatched before typer sees them), and say how to brief a folder
that happens to be called `models`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from typer.core import TyperCommand

# typer ships its own copy of click; its parameters and contexts are typed loosely here.
Param = Any
Context = Any
Formatter = Any

# Option name -> metavar; options not listed get one from their type.
METAVARS = {
    "lang": "LANG",
    "out": "DIR",
    "model": "MODEL",
    "revision": "REV",
    "engine": "ENGINE",
    "compute_type": "TYPE",
    "device": "DEVICE",
    "summarizer": "MODEL",
    "cache": "DIR",
    "prompts": "DIR",
    "templates": "DIR",
    "wait": "SECONDS",
    "max_size": "MB",
    "since": "AGE",
}
ARGUMENT_METAVARS = {"inputs": "PATH", "lang_or_model": "LANG|MODEL"}
ARGUMENT_HELP = {
    "inputs": "Files or folders of articles, URLs or feeds, or files listing them "
    "(see above). A folder called 'models': ./models",
}

MODELS_COMMANDS = {"pull", "list", "path", "--help", "-h"}
COMMANDS = [
    ("brief models pull LANG|MODEL", "download a translation model ahead of time"),
    ("brief models list", "list the models in the cache"),
    ("brief models path", "print where models are cached"),
    ("brief cache [show]", "what the translation cache and run state hold"),
    ("brief cache prune", "remove what no run needed lately (--dry-run to see)"),
]
FOLDER_NAMED_MODELS = "a folder named 'models': brief ./models ... (or: brief [OPTIONS] -- models)"


def _metavar(param: Param) -> str:
    name = param.name or ""
    if name in METAVARS:
        return METAVARS[name]
    described = getattr(param, "type_descriptor", None)
    kind = getattr(described, "annotation", None)
    if described is not None and described.is_ranged:
        kind = {"int": int, "float": float}.get(described.ranged_type_name, kind)
    if kind is int:
        return "N"
    if kind is float:
        return "NUMBER"
    if described is not None and described.is_path:
        return "PATH"
    return name.upper()


def _is_argument(param: Param) -> bool:
    return param.param_type_name == "argument"


class Command(TyperCommand):
    """A command whose help shows metavars, never Python types."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if param.metavar is not None:
                continue
            if _is_argument(param):
                param.metavar = ARGUMENT_METAVARS.get(param.name or "", (param.name or "").upper())
            elif param.param_type_name == "option" and not getattr(param, "is_flag", False):
                param.metavar = _metavar(param)

    def collect_usage_pieces(self, ctx: Context) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if _is_argument(param):
                name = (param.metavar or "") + ("..." if param.nargs != 1 else "")
                pieces.append(name if param.required else f"[{name}]")
        return pieces

    def format_options(self, ctx: Context, formatter: Formatter) -> None:
        arguments, options = [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if _is_argument(param):
                name = (param.metavar or "") + ("..." if param.nargs != 1 else "")
                described = record[1].replace("[required]", "").strip()
                arguments.append((name, described or ARGUMENT_HELP.get(param.name or "", "")))
            else:
                options.append(record)
        if arguments:
            with formatter.section("Arguments"):
                formatter.write_dl(arguments)
        if options:
            with formatter.section("Options"):
                formatter.write_dl(options)


class BriefCommand(Command):
    """`brief`: also lists the `brief models` commands, dispatched before typer runs."""

    def format_options(self, ctx: Context, formatter: Formatter) -> None:
        super().format_options(ctx, formatter)
        with formatter.section("Commands"):
            formatter.write_dl(
                [
                    *COMMANDS,
                    ("brief ./models", "brief a folder called 'models' (or: -- models)"),
                    ("brief ./cache", "brief a folder called 'cache' (or: -- cache)"),
                ]
            )


def models_misuse(args: list[str]) -> str | None:
    """The message for `brief models <something that is no models command>`: most likely
    a folder called `models` meant as input (`brief models --lang it`)."""
    if len(args) < 2 or args[0] != "models" or args[1] in MODELS_COMMANDS:
        return None
    hint = "to brief " + FOLDER_NAMED_MODELS
    if Path("models").exists():
        hint = "'models' here is a folder; " + hint
    return f"'brief models' manages models (pull, list, path); {hint}"
