"""Publishing a run's output files as one set: every file changes, or none does.

A digest is several files (``digest.md``, ``.html``, ``.json``, the briefings they link)
that a reader or a script takes together. Written one by one, a full disk or a folder in
the way halfway left a new ``digest.md`` beside an old ``digest.json``. So every file is
first written to a temporary sibling and flushed (the step that needs space and can meet
a folder in the way); only when all are written is each renamed over its old file, the
old one kept under a hard link until the set is complete. A failure while renaming puts
the old files back. Readers see each file whole at every moment, old or new.

A file is added to the set by adding it to the list the caller gives :func:`publish`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from summarize.errors import OutputError
from summarize.output.files import cannot_write, sync_folder, write_temp

# Leftovers of a run killed while publishing end in ".tmp", so
# ``files.clean_stale_temporaries`` removes them with the other temporaries.
_STAGED = ".new.tmp"
_BACKUP = ".old.tmp"


@dataclass(frozen=True)
class Published:
    """One file as this run wrote it: what the next run checks it against (:func:`damaged`)."""

    path: Path
    size: int
    sha256: str
    mtime_ns: int = 0


class Written(Protocol):
    """A file as a run wrote it, its path relative to the output folder (the run state's
    ``OutputRecord``)."""

    @property
    def path(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def mtime_ns(self) -> int: ...
    @property
    def sha256(self) -> str: ...


@dataclass
class _Staged:
    path: Path
    tmp: Path
    size: int
    sha256: str
    backup: Path | None = None
    moved: bool = False  # the new file is in place


def publish(files: Iterable[tuple[Path, str]]) -> list[Published]:
    """Write every ``(path, text)`` of ``files`` (rendered lazily, one at a time), then
    rename them all into place in order; OutputError naming the file on any failure,
    with every file as it was before the call."""
    staged: list[_Staged] = []
    try:
        for path, text in files:
            staged.append(_stage(path, text))
        for folder in dict.fromkeys(s.path.parent for s in staged):
            sync_folder(folder)  # the new files' data is on disk before any is renamed
        for item in staged:
            _swap(item)
    except BaseException as exc:
        _undo(staged)
        if isinstance(exc, OSError):
            where = getattr(exc, "brief_path", None) or exc.filename or "output"
            raise OutputError(f"{where}: cannot write ({cannot_write(exc)})") from exc
        raise
    for folder in dict.fromkeys(s.path.parent for s in staged):
        sync_folder(folder)
    for item in staged:
        if item.backup is not None:
            with contextlib.suppress(OSError):
                item.backup.unlink()
    return [Published(s.path, s.size, s.sha256, _mtime_ns(s.path)) for s in staged]


def damaged(out: Path, written: Iterable[Written]) -> list[str]:
    """The files of ``written`` no longer in ``out`` as they were written (deleted,
    replaced, edited), by relative path. A file with its recorded size and time is taken
    as it was; only one whose time moved is read and hashed."""
    found = []
    for record in written:
        path = out / record.path
        try:
            info = path.lstat()
        except OSError:
            found.append(record.path)
            continue
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_size != record.size
            or (info.st_mtime_ns != record.mtime_ns and _sha256(path) != record.sha256)
        ):
            found.append(record.path)
    return found


def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _mtime_ns(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


def _stage(path: Path, text: str) -> _Staged:
    data = text.encode("utf-8")
    try:
        tmp = write_temp(path, data, _STAGED)
    except OSError as exc:
        exc.brief_path = path  # type: ignore[attr-defined]
        raise
    return _Staged(path, tmp, len(data), hashlib.sha256(data).hexdigest())


def _swap(item: _Staged) -> None:
    """Rename the new file over the old, which stays reachable under a hard link."""
    try:
        if item.path.is_dir() and not item.path.is_symlink():
            raise IsADirectoryError(errno.EISDIR, "a folder is in the way", str(item.path))
        if os.path.lexists(item.path):
            backup = item.path.with_name(f".{item.path.name}.{uuid.uuid4().hex[:12]}{_BACKUP}")
            try:
                os.link(item.path, backup, follow_symlinks=False)
            except OSError:  # no hard links here (some network or FAT file systems)
                item.path.replace(backup)
            item.backup = backup
        item.tmp.replace(item.path)
        item.moved = True
    except OSError as exc:
        exc.brief_path = item.path  # type: ignore[attr-defined]
        raise


def _undo(staged: list[_Staged]) -> None:
    """Every file back as it was: old ones restored, new ones and temporaries removed."""
    for item in reversed(staged):
        with contextlib.suppress(OSError):
            if item.moved and item.backup is None:
                item.path.unlink()
            elif item.backup is not None:
                item.backup.replace(item.path)
        with contextlib.suppress(OSError):
            item.tmp.unlink()
