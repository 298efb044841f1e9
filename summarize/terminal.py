"""What the CLI needs to be safe in a terminal and under cron: inert text, SIGTERM, and
a log that cannot fail the run.

Kept apart from ``cli.py`` so the command module stays about options and messages.
Nothing here prints.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import signal
import sys
import threading
from collections.abc import Iterator
from typing import TextIO

# SIGTERM's exit status by shell convention (128 + 15), as 130 is SIGINT's.
EXIT_TERMINATED = 128 + signal.SIGTERM

# C0 and C1 controls (ESC starts every terminal escape sequence; a newline in a file
# name forges a log line), DEL, bidirectional overrides that reorder what is shown, and
# lone surrogates (bytes of a file name that are not UTF-8), which cannot even be encoded.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def safe(text: object) -> str:
    """``text`` on one line with every unsafe character shown as a Python-style escape."""
    return _UNSAFE.sub(_escape, str(text))


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if 0xDC80 <= code <= 0xDCFF:  # a byte that os.fsdecode could not decode
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class SafeFormatter(logging.Formatter):
    """Log records whose message is made inert; a traceback (--verbose) keeps its lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:
        record.message = safe(record.message)
        return super().formatMessage(record)


class Terminated(BaseException):
    """SIGTERM, raised in the main thread like KeyboardInterrupt, so every ``finally``
    (the lock, temporary files) runs before the process ends."""


def _raise_terminated(_signum: int, _frame: object) -> None:
    raise Terminated


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """While inside, SIGTERM raises Terminated instead of killing the process silently."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _raise_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _Tolerant(io.TextIOBase):
    """A standard stream whose failures (ENOSPC, EPIPE, EIO, a closed descriptor) are
    swallowed: the digest is the run's output, the log is not, so losing the log must
    change neither what is written nor the exit code. On the first failure the
    descriptor is pointed at /dev/null, so nothing buffered (ours, or a library's C
    code) fails again at exit."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self.lost = False

    def write(self, text: str) -> int:
        if not self.lost:
            try:
                try:
                    self._stream.write(text)
                except UnicodeEncodeError:  # an ASCII-only stream: escapes, not silence
                    self._stream.write(text.encode(self.encoding, "backslashreplace").decode())
                if "\n" in text:
                    self._stream.flush()
            except (OSError, ValueError):  # ValueError: the stream was closed
                self._lose()
        return len(text)

    def flush(self) -> None:
        if not self.lost:
            try:
                self._stream.flush()
            except (OSError, ValueError):
                self._lose()

    def isatty(self) -> bool:
        try:
            return not self.lost and self._stream.isatty()
        except (OSError, ValueError):
            return False

    def fileno(self) -> int:
        return self._stream.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self._stream, "encoding", None) or "utf-8"

    @property
    def errors(self) -> str | None:  # type: ignore[override]
        return getattr(self._stream, "errors", None)

    def _lose(self) -> None:
        self.lost = True
        with contextlib.suppress(OSError, ValueError):
            _to_devnull(self._stream.fileno())


def _to_devnull(fd: int) -> None:
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        if null != fd:
            os.dup2(null, fd)
    finally:
        if null != fd:
            os.close(null)


def tolerate_broken_streams() -> None:
    """Make stdout and stderr safe to lose, for the rest of the process.

    A descriptor closed by the caller (``>&-``) is opened on /dev/null first: otherwise
    the next file opened (the lock, a briefing) would get its number, and anything
    written to "stdout" would land in it."""
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            _to_devnull(fd)
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, _Tolerant):
            continue
        if stream is None:
            stream = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 (for the process)
        setattr(sys, name, _Tolerant(stream))
