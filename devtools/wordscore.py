"""Word-level scoring the way ../shared/tools/realdata-score judges a page: lower-case
words, bare URLs left out (neither keeping nor dropping them counts), multiset
precision, recall and F1. Shared by the real-page tests and devtools/realpages.py so
that they measure what the project is judged by, and alike."""

from __future__ import annotations

import re
from collections import Counter

_WORD = re.compile(r"\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+")


def words(text: str | None) -> list[str]:
    return [w.lower() for w in _WORD.findall(_URL.sub(" ", text or ""))]


def prf(got: list[str], want: list[str]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the words ``got`` against ``want``."""
    g, w = Counter(got), Counter(want)
    hit = sum((g & w).values())
    p, r = hit / max(1, sum(g.values())), hit / max(1, sum(w.values()))
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
