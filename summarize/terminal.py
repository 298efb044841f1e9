"""What the CLI needs to be safe in a terminal and under cron: inert text and SIGTERM.

Kept apart from ``cli.py`` so the command module stays about options and messages.
Nothing here prints.
"""

from __future__ import annotations

import contextlib
import logging
import re
import signal
import threading
from collections.abc import Iterator

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
