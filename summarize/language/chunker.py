"""Cutting text to a model's length limit without losing a word: one chunker for every model.

Translation cuts a sentence too long for the translation model into clauses
(:func:`split_long`); a summariser cuts an article too long for its input into runs of
whole sentences (:func:`chunk_text`). Both pack pieces back together greedily while they
fit, so each call gets as much context as the model takes. Token counts come from the
caller, so the limit is the model's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from summarize.language.segment import split_sentences

Count = Callable[[str], int]

# Cut points, strongest first. Each pattern matches the whitespace a cut removes; the
# punctuation stays with the left part, a dash or a conjunction opens the right part.
_CONJUNCTIONS = (
    "e|ed|ma|o|od|oppure|però|mentre|perché|poiché|quindi|dunque|infatti|sebbene|benché"
    "|anche se|che|cui|dove|quando|se|and|but|or|while|because|which|that"
)
_CUT_LEVELS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<=[;:])\s+"),
    re.compile(r"\s+(?=[—–]\s)"),
    re.compile(r"(?<=,)\s+"),
    re.compile(rf"\s+(?=(?:{_CONJUNCTIONS})\s)", re.IGNORECASE),
    re.compile(r"\s+"),
)


def split_long(text: str, count_tokens: Count, limit: int) -> list[str]:
    """Cut ``text`` into parts of at most ``limit`` tokens, at clause boundaries when it has
    them, at words when not, at characters for a single giant word. Short text comes back
    whole; parts keep every character but the whitespace at the cuts."""
    if limit < 1:
        raise ValueError("limit must be at least 1 token")
    text = text.strip()
    if not text:
        return []
    return [part for part in _split(text, count_tokens, limit, 0) if part]


def chunk_text(text: str, count_tokens: Count, limit: int) -> list[str]:
    """Cut ``text`` into chunks of at most ``limit`` tokens, at sentence boundaries, with
    as many whole sentences per chunk as fit; a sentence longer than the limit is cut at
    clause boundaries. Every word of ``text`` is in exactly one chunk, in order."""
    if limit < 1:
        raise ValueError("limit must be at least 1 token")
    pieces: list[str] = []
    for line in text.splitlines():
        for sentence in split_sentences(line):
            if count_tokens(sentence) <= limit:
                pieces.append(sentence)
            else:
                pieces.extend(split_long(sentence, count_tokens, limit))
    return pack(pieces, count_tokens, limit)


def pack(pieces: list[str], count: Count, limit: int, level: int = 0) -> list[str]:
    """Join neighbouring pieces back while they fit, so parts keep as much context as the
    model can take; split further (from cut level ``level`` on) the pieces that are too
    long on their own."""
    parts: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current} {piece}" if current else piece
        if count(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        if count(piece) <= limit:
            current = piece
        else:
            parts.extend(_split(piece, count, limit, level))
            current = ""
    if current:
        parts.append(current)
    return parts


def _split(text: str, count: Count, limit: int, level: int) -> list[str]:
    if count(text) <= limit:
        return [text]
    for depth in range(level, len(_CUT_LEVELS)):
        pieces = [p for p in _CUT_LEVELS[depth].split(text) if p]
        if len(pieces) > 1:
            return pack(pieces, count, limit, depth + 1)
    middle = len(text) // 2  # one word longer than the limit: cut it in halves
    if middle == 0:
        return [text]
    left, right = text[:middle], text[middle:]
    return _split(left, count, limit, level) + _split(right, count, limit, level)
