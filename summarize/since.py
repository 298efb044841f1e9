"""The start of a ``--since`` window, read from what a user may type."""

from __future__ import annotations

import re
import time
from datetime import date, datetime

_SPAN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d|w)\s*$", re.IGNORECASE)
_SPAN_UNITS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 7 * 86400}


def parse_since(text: str, last_run: float | None, now: float | None = None) -> float:
    """Epoch seconds from ``24h``/``90m``/``2d``/``1w``, a date or datetime, or ``last``
    (the previous run's start; everything when there was none). ValueError if unreadable."""
    now = time.time() if now is None else now
    value = text.strip()
    if value.lower() == "last":
        return last_run if last_run is not None else 0.0
    span = _SPAN.match(value)
    if span:
        return now - float(span.group(1)) * _SPAN_UNITS[span.group(2).lower()]
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            f"{text!r} is not a time window; use 24h, 90m, 7d, a date (2026-11-20) or 'last'"
        ) from None
    if len(value) == 10:
        moment = datetime.combine(date.fromisoformat(value), datetime.min.time())
    return moment.timestamp()
