"""The one way brief reads a file a user points it at: inputs, templates, model files.

Such a path may be anything: a FIFO (whose reader waits for a writer forever), a symlink
to /dev/zero or /dev/urandom (endless, and 0 bytes to ``stat``), a sparse file of
gigabytes. Under cron any of them hung the run or filled the memory. So the open never
waits, anything but a regular file is refused before a byte is read, and a read stops
one byte past its limit, in chunks, so SIGTERM is honoured between them.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import Literal

MIB = 1024 * 1024

# Reads go in chunks of this size, so a limit is enforced whatever stat said.
READ_CHUNK = 1024 * 1024

# Opening a FIFO without O_NONBLOCK waits for a writer forever.
OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)

Reason = Literal["special", "too_large", "unreadable"]


class Unreadable(Exception):
    """Why a file was not read, as a phrase (``problem``), and which kind of refusal it is
    (``reason``), so each caller adds what its user should do."""

    def __init__(self, problem: str, reason: Reason) -> None:
        super().__init__(problem)
        self.problem = problem
        self.reason = reason


def read_bounded(path: Path | str, limit: int, *, cut: bool = False) -> bytes:
    """At most ``limit`` bytes of the regular file ``path``, read without blocking.

    Anything but a regular file (after symlinks) is refused from ``fstat`` of the open
    descriptor, so what is checked is what is read; a larger file is refused from its size
    and, should it grow while read, one byte past the limit. ``cut`` returns the first
    ``limit`` bytes instead of refusing a larger file.
    """
    try:
        fd = os.open(path, OPEN_FLAGS)
    except OSError as exc:
        raise Unreadable(f"cannot read file: {os_problem(exc)}", "unreadable") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(f"{kind(info.st_mode)}, not a regular file", "special")
        if info.st_size > limit and not cut:
            raise Unreadable(too_large(info.st_size, limit), "too_large")
        want = limit if cut else limit + 1
        chunks: list[bytes] = []
        total = 0
        while total < want:
            chunk = os.read(fd, min(READ_CHUNK, want - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise Unreadable(f"cannot read file: {os_problem(exc)}", "unreadable") from exc
    finally:
        os.close(fd)
    if total > limit:
        raise Unreadable(too_large(None, limit), "too_large")
    return b"".join(chunks)


def check_regular(path: Path | str, limit: int | None = None) -> int:
    """The size of ``path`` if it is a regular file (after symlinks) of at most ``limit``
    bytes; else Unreadable saying why. Only ``stat``: nothing is opened, nothing blocks."""
    try:
        info = Path(path).stat()
    except OSError as exc:
        raise Unreadable(f"cannot read file: {os_problem(exc)}", "unreadable") from exc
    if not stat.S_ISREG(info.st_mode):
        raise Unreadable(f"{kind(info.st_mode)}, not a regular file", "special")
    if limit is not None and info.st_size > limit:
        raise Unreadable(too_large(info.st_size, limit), "too_large")
    return info.st_size


def kind(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def os_problem(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return "path too long for the system (over PATH_MAX); move it higher up or rename"
    return exc.strerror or str(exc)


def too_large(size: int | None, limit: int) -> str:
    """Sizes in MiB (the unit of the limit), the size shown with enough decimals to exceed it."""
    limit_mib = limit / MIB
    shown_limit = f"{limit_mib:.{_shortest(limit_mib)}f}"
    if size is None:
        said = f"file is larger than the {shown_limit} MiB limit"
    else:
        size_mib = size / MIB
        places = next((d for d in range(1, 7) if round(size_mib, d) > round(limit_mib, d)), 6)
        said = f"file is {size_mib:.{places}f} MiB, over the {shown_limit} MiB limit"
    return said


def _shortest(value: float) -> int:
    """Fewest decimals that show ``value`` to within 0.1%."""
    return next((d for d in range(7) if abs(round(value, d) - value) <= value * 1e-3), 6)
