"""Writing in the output folder: atomic files and a lock against overlapping runs.

Every file is written to a temporary sibling, flushed to disk and renamed into place,
so a run killed at any moment (SIGKILL included) leaves the previous files whole.
The lock is an OS-level lock (flock), which the kernel drops when its process dies:
a killed run never blocks the next one. What a run creates before it has anything to
write (folders, the lock, the run state) it removes again when it is refused
(:class:`Footprint`); a run's files are published together by ``output/publish.py``.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from summarize.errors import BriefError, LockTimeout, OutputError
from summarize.layout import DIGEST_JSON, LOCK_NAME
from summarize.runtime.bounded import MIB, Unreadable, read_bounded

# A digest.json holds ~4.7 kB per article (the seeds' digest): 10,000 articles, the
# largest run the benchmarks make, are ~47 MB. A file larger than this is not one of ours.
MAX_DIGEST_BYTES = 512 * MIB


def read_digest(out: Path) -> object | None:
    """The digest.json in ``out``, parsed; None when there is none, it does not parse or
    it is no regular file of a digest's size (a FIFO would wait forever, /dev/zero fill
    the memory). Its shape is the caller's to check: it may be damaged or not brief's."""
    try:
        return json.loads(read_bounded(out / DIGEST_JSON, MAX_DIGEST_BYTES))
    except (Unreadable, ValueError):
        return None


def resolve_out(pattern: str | Path, now: datetime | None = None) -> Path:
    """Expand a strftime pattern (``out/%Y-%m-%d``) into the run's output folder.

    An expansion that is empty or has another number of folders than the pattern (an
    over-long field expands to nothing, ``%D`` holds slashes) is refused: ``o/%10000Y``
    would otherwise write the digest and run state into the current folder."""
    text = str(pattern)
    if not text.strip():
        raise OutputError("the output folder is empty", setting="out")
    if "%" not in text:
        return Path(text)
    expanded = (now or datetime.now()).strftime(text)
    if _depth(expanded) != _depth(text) or not expanded.strip():
        raise OutputError(
            f"{text!r} expands to {expanded!r}: a date field that is empty or holds a "
            "'/' changes the output folder",
            setting="out",
        )
    return Path(expanded)


def _depth(path: str) -> list[bool]:
    """Which parts of a path are there (non-empty), from the first: a part the date
    fields left empty or a slash they added shows as a different list."""
    return [bool(part.strip()) for part in path.split("/")]


@dataclass
class Footprint:
    """What a run adds to the file system before it has anything to publish: the output
    folder and the missing folders above it, ``briefings/``, the lock, the run state.
    A refused run (exit 2) removes what it added, so it leaves nothing behind: a lock or a
    run state left in an input folder made every later run there skip that folder."""

    files: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)  # deepest first

    @classmethod
    def before(cls, out: Path, *files: Path) -> Footprint:
        made = cls()
        folder = out.absolute()
        missing = [folder / "briefings"]
        while not folder.exists() and folder != folder.parent:
            missing.append(folder)
            folder = folder.parent
        made.folders = [f for f in missing if not f.exists()]
        for path in (out / LOCK_NAME, *files):
            made.files.extend(
                p
                for p in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm")))
                if not p.exists()
            )
        return made

    @contextlib.contextmanager
    def removed_if_refused(self) -> Iterator[None]:
        """Remove what the run added if it ends with a BriefError (the run could not run)."""
        try:
            yield
        except LockTimeout:
            raise  # another run holds the lock: what is there is its
        except BriefError:
            self.remove()
            raise

    def remove(self) -> None:
        for path in self.files:
            with contextlib.suppress(OSError):
                if path.is_file() and not path.is_symlink():
                    path.unlink()
        for folder in self.folders:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only when empty: nothing of anyone's is removed


def prepare_out(out: Path) -> None:
    """Create the output folder and prove it is writable before any work starts."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "briefings").mkdir(exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".probe-"):
            pass
    except OSError as exc:
        raise OutputError(
            f"{out}: output folder is not writable ({exc.strerror or exc})", setting="out"
        ) from exc


@contextlib.contextmanager
def locked(out: Path, wait: float) -> Iterator[None]:
    """Hold the output folder's lock for the run; give up after ``wait`` seconds."""
    lock = FileLock(str(out / LOCK_NAME), timeout=wait)
    try:
        lock.acquire()
    except Timeout as exc:
        raise LockTimeout(
            f"{out}: another brief run is writing here (waited {wait:g} s)", setting="wait"
        ) from exc
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the lock file ({exc.strerror or exc})") from exc
    try:
        yield
    finally:
        lock.release()


def write_atomic(path: Path, text: str, *, sync_folder: bool = True) -> None:
    """Replace ``path`` with ``text`` in one rename; readers see the old or the new file.

    ``sync_folder=False`` leaves the folder's fsync to the caller, who writes many files
    there and syncs it once (:func:`sync_folder`): 10,000 briefings spent 30 s of a run
    syncing their folder after each file.
    Any failure (disk full, a folder in the way) is an OutputError naming ``path``.
    """
    try:
        tmp = write_temp(path, text.encode("utf-8"))
        try:
            tmp.replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({cannot_write(exc)})") from exc
    if sync_folder:
        _fsync_dir(path.parent)


def write_temp(path: Path, data: bytes, suffix: str = ".tmp") -> Path:
    """``data`` in a new temporary sibling of ``path``, on disk, for a rename over it;
    nothing is left behind when that fails. The file gets the old one's permissions, or
    those the umask allows a new file (0644 under 022): ``mkstemp`` alone makes it 0600,
    which a web server cannot read."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "a folder is in the way", str(path))
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=suffix)
        with os.fdopen(fd, "wb") as handle:
            if hasattr(os, "fchmod"):  # POSIX; a file system without modes (FAT) is fine
                with contextlib.suppress(OSError):
                    os.fchmod(handle.fileno(), file_mode(path))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        if tmp is not None:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
        raise
    return Path(tmp)


def sync_folder(folder: Path) -> None:
    """Make the renames done in ``folder`` durable (after ``sync_folder=False`` writes)."""
    _fsync_dir(folder)


def file_mode(path: Path) -> int:
    """The old file's permissions, or those the umask gives a new file."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return 0o666 & ~current_umask()


def current_umask() -> int:
    """The process umask, read without changing it where the OS allows (Linux /proc)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def cannot_write(exc: OSError) -> str:
    """Why a file cannot be written, in words that say what to do."""
    if exc.errno == errno.ENOSPC:
        return "no space left on the device; free some space"
    if exc.errno in (errno.EISDIR, errno.ENOTEMPTY):
        return "a folder is in the way; move it"
    if exc.errno == errno.ENOTDIR:
        return "a file is in the way of a folder; move it"
    return exc.strerror or str(exc)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def clean_stale_temporaries(out: Path) -> None:
    """Remove temp files a killed run left behind; call it only while holding the lock."""
    for folder in (out, out / "briefings"):
        for tmp in folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                tmp.unlink()
