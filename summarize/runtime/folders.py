"""Writing a folder that other processes may read or write at the same time.

A converted model (and, in the developer tools, a generated test model) is built in a
temporary sibling folder and renamed into place, so an interrupted or concurrent run
never sees half of one. When two runs build the same folder, the first rename wins and
the second keeps the winner's copy.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


class FolderNotWritable(OSError):
    """The folder's parent cannot be created or written."""


def publish_folder(
    dest: Path, build: Callable[[Path], None], complete: Callable[[Path], bool]
) -> Path:
    """``dest`` as ``build`` writes it (into an empty folder it is given), unless
    ``complete(dest)`` says it is there already."""
    if complete(dest):
        return dest
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    except OSError as error:
        raise FolderNotWritable(
            error.errno, error.strerror or str(error), str(dest.parent)
        ) from error
    try:
        build(tmp)
        _move_into_place(tmp, dest, complete)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def _move_into_place(tmp: Path, dest: Path, complete: Callable[[Path], bool]) -> None:
    try:
        tmp.rename(dest)
        return
    except OSError:
        if complete(dest):
            return  # another run finished the same folder first
    # dest holds a broken, older or different build: swap it out, then remove it.
    old = Path(tempfile.mkdtemp(prefix=f".{dest.name}.old.", dir=dest.parent))
    old.rmdir()
    dest.rename(old)
    tmp.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


def read_marker(path: Path) -> dict[str, Any]:
    """A marker file we wrote ourselves; a missing or damaged one reads as ``{}``, which
    only means the folder is rebuilt."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
