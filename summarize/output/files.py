"""Writing under --out: atomic files and a lock against overlapping runs.

Every file is written to a temporary sibling, flushed to disk and renamed into place,
so a run killed at any moment (SIGKILL included) leaves the previous files whole.
The lock is an OS-level lock (flock), which the kernel drops when its process dies:
a killed run never blocks the next one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from summarize.errors import LockTimeout, OutputError

LOCK_NAME = ".brief.lock"


def resolve_out(pattern: str | Path, now: datetime | None = None) -> Path:
    """Expand a strftime pattern (``out/%Y-%m-%d``) into the run's output folder."""
    text = str(pattern)
    if "%" in text:
        text = (now or datetime.now()).strftime(text)
    return Path(text)


def prepare_out(out: Path) -> None:
    """Create the output folder and prove it is writable before any work starts."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / "briefings").mkdir(exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out, prefix=".probe-"):
            pass
    except OSError as exc:
        raise OutputError(
            f"{out}: output folder is not writable ({exc.strerror or exc}); "
            "choose another with --out"
        ) from exc


@contextlib.contextmanager
def locked(out: Path, wait: float) -> Iterator[None]:
    """Hold the output folder's lock for the run; give up after ``wait`` seconds."""
    lock = FileLock(str(out / LOCK_NAME), timeout=wait)
    try:
        lock.acquire()
    except Timeout as exc:
        raise LockTimeout(
            f"{out}: another brief run is writing here (waited {wait:g} s); "
            "try again later or raise --wait"
        ) from exc
    except OSError as exc:
        raise OutputError(f"{out}: cannot create the lock file ({exc.strerror or exc})") from exc
    try:
        yield
    finally:
        lock.release()


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` in one rename; readers see the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
    _fsync_dir(path.parent)


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
