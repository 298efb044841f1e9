"""`brief cache show|prune`: what the translation cache and a run state hold, and pruning
them by hand (runs prune them on their own; README 'Running from cron')."""

from __future__ import annotations

import sqlite3
import sys
from datetime import datetime
from pathlib import Path

import typer

from summarize import cli_options as opts
from summarize.cli_help import Command
from summarize.runtime.inventory import (
    Inventory,
    cache_inventory,
    open_existing,
    state_inventory,
)
from summarize.runtime.retention import (
    Pruned,
    Retention,
    compact,
    disk_bytes,
    parse_age,
    parse_size,
    prune_cache,
    prune_state,
    show_size,
)
from summarize.terminal import safe
from summarize.wording import counted

EXIT_CANNOT_RUN = 2

cache_app = typer.Typer(
    add_completion=False,
    rich_markup_mode=None,
    no_args_is_help=False,
    help="Show and prune what brief keeps between runs: the translation cache and the run "
    "state of an output tree ('brief cache' alone is 'brief cache show'). Runs prune both "
    "on their own, at most once a day (limits: BRIEF_CACHE_MAX_AGE, default 30d unused; "
    "BRIEF_CACHE_MAX_SIZE, 512MiB; BRIEF_STATE_MAX_AGE, 90d; 'off' for none; README "
    "'Running from cron'). Example: brief cache prune --older-than 7d --dry-run. "
    "(To brief a folder called 'cache', write: brief ./cache)",
)


def _cache_path(folder: Path | None) -> Path:
    from summarize.runtime.cache import CACHE_FILE, default_cache_dir

    return (folder or default_cache_dir()) / CACHE_FILE


def _state_path(out: str) -> Path:
    from summarize.state import STATE_FILE, output_root

    return output_root(out) / STATE_FILE


@cache_app.command("show", cls=Command, help="Entries, room on disk, oldest and newest, by kind.")
def show(cache: opts.CacheFolder = None, out: opts.StateOut = "out") -> None:
    try:
        for title, found in (
            ("translation cache", cache_inventory(_cache_path(cache))),
            ("run state", state_inventory(_state_path(out))),
        ):
            _print_inventory(title, found)
    except sqlite3.Error as exc:
        _fail(f"cannot read ({exc}); is it a brief file?")


@cache_app.command(
    "prune",
    cls=Command,
    help="Remove what no run has needed lately and give the room back to the file system.",
)
def prune(
    older_than: opts.OlderThan = None,
    max_size: opts.CacheMaxSize = None,
    state_older_than: opts.StateOlderThan = None,
    dry_run: opts.DryRun = False,
    cache: opts.CacheFolder = None,
    out: opts.StateOut = "out",
) -> None:
    policy = Retention.from_environment()
    cache_age = _limit(older_than, parse_age, "--older-than", policy.cache_max_age)
    cache_size = _limit(max_size, parse_size, "--max-size", policy.cache_max_size)
    state_age = _limit(state_older_than, parse_age, "--state-older-than", policy.state_max_age)
    for title, path in (("translation cache", _cache_path(cache)), ("run state", _state_path(out))):
        if not path.is_file():
            print(f"{title}: none at {safe(path)}")
            continue
        if title == "run state" and state_age is None:
            print(f"{title} {safe(path)}: no age limit; nothing to prune")
            continue
        try:
            db = open_existing(path)
            try:
                if title == "run state":
                    assert state_age is not None
                    pruned = prune_state(db, state_age, dry_run=dry_run)
                else:
                    pruned = prune_cache(db, cache_age, cache_size, dry_run=dry_run)
                if not dry_run:
                    compact(db)
            finally:
                db.close()
        except sqlite3.Error as exc:
            _fail(f"{title} {path} not pruned ({exc}); if a run is using it, try again later")
        print(_pruned_line(title, path, pruned))


def _limit(text: str | None, parse: object, flag: str, default: float | None) -> float | None:
    if text is None:
        return default
    try:
        return parse(text)  # type: ignore[operator,no-any-return]
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=flag) from None


def _pruned_line(title: str, path: Path, pruned: Pruned) -> str:
    what = ", ".join(counted(n, kind) for kind, n in pruned.removed.items() if n) or "nothing"
    if pruned.note:
        what += f" ({pruned.note})"
    if pruned.dry_run:
        return (
            f"{title} {safe(path)}: would remove {what}; data "
            f"{show_size(pruned.before)} -> {show_size(pruned.after)} (dry run, nothing changed)"
        )
    return (
        f"{title} {safe(path)}: removed {what}; data {show_size(pruned.before)} -> "
        f"{show_size(pruned.after)}, {show_size(disk_bytes(path))} on disk"
    )


def _print_inventory(title: str, found: Inventory) -> None:
    if not found.exists:
        print(f"{title}: none at {safe(found.path)}")
        return
    pruned = _when(found.pruned) if found.pruned else "never"
    print(
        f"{title}: {safe(found.path)}\n  {counted(found.entries, 'entry')}, "
        f"{show_size(found.disk)} on disk ({show_size(found.live)} in use), "
        f"{_when(found.oldest)} .. {_when(found.newest)}; last pruned {pruned}"
    )
    width = max((len(g.label) for g in found.groups), default=0)
    for group in found.groups:
        span = f"  {_when(group.oldest)} .. {_when(group.newest)}" if group.oldest else ""
        print(f"  {safe(group.label):<{width}}  {group.entries:>8}{span}")


def _when(moment: float | None) -> str:
    if moment is None:
        return "-"
    return datetime.fromtimestamp(moment).astimezone().strftime("%Y-%m-%d %H:%M")


def _fail(message: str) -> None:
    print(f"brief: error: {safe(message)}", file=sys.stderr)
    raise typer.Exit(EXIT_CANNOT_RUN)


CACHE_COMMANDS = {"show", "prune", "--help", "-h"}
SHOW_OPTIONS = ("--cache", "--out", "-o")  # `brief cache --out DIR` is `brief cache show ...`


def cache_args(args: list[str]) -> list[str]:
    """The arguments for :data:`cache_app` from those after `brief cache`: `show` when no
    command is named."""
    if not args or args[0].split("=", 1)[0] in SHOW_OPTIONS:
        return ["show", *args]
    return args


def cache_misuse(args: list[str]) -> str | None:
    """The message for `brief cache <something that is no cache command>`: most likely a
    folder called `cache` meant as input (`brief cache --lang it`)."""
    if len(args) < 2 or args[0] != "cache" or args[1] in CACHE_COMMANDS:
        return None
    if args[1].split("=", 1)[0] in SHOW_OPTIONS:
        return None
    hint = "to brief a folder named 'cache': brief ./cache ... (or: brief [OPTIONS] -- cache)"
    if Path("cache").exists():
        hint = "'cache' here is a folder; " + hint
    what = "'brief cache' shows and prunes the translation cache and run state (show, prune)"
    return f"{what}; {hint}"
