"""The body run and what lies inside it: the densest run of prose, headings, lists
and related-article links."""

from __future__ import annotations

from collections.abc import Sequence

from summarize.cleaning.cues import (
    BARE_TIME,
    BOUNDARY_REASONS,
    BULLET,
    HEADLINE,
    NUMBERED,
    REASON_IMAGE,
    REASON_RELATED,
    RELATED_CUE,
)
from summarize.cleaning.lines import Line, is_prose, is_sentence
from summarize.cleaning.options import CleanOptions


def score(line: Line, opts: CleanOptions) -> float:
    if line.meta or line.reason in BOUNDARY_REASONS:
        return -max(float(line.words), opts.boundary_cost)
    if line.reason is not None:
        return -max(float(line.words), opts.short_line_cost)
    if is_prose(line, opts):
        return float(line.words)
    if is_sentence(line, opts):
        return opts.short_sentence_weight * line.words
    return -opts.short_line_cost


def best_run(scores: Sequence[float]) -> tuple[int, int] | None:
    """First and last index of the contiguous run with the highest total, or None."""
    best, span = 0.0, None
    total, start = 0.0, 0
    for i, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += score
        if total > best:
            best, span = total, (start, i)
    return span


# --- inside the body ------------------------------------------------------------------


def next_free(lines: Sequence[Line], pos: int, end: int) -> int | None:
    return next((i for i in range(pos + 1, end + 1) if lines[i].free), None)


def mark_cued_links(lines: Sequence[Line], start: int, end: int, opts: CleanOptions) -> None:
    """The items of a list under a bare "leggi anche" cue in the body are links.

    The first line under the cue is an item. Later lines are items while they keep the
    headline shape (``Topic, rest``) and the first item's form, bare headline or
    headline with a teaser sentence; a section heading or a paragraph ends the list.
    A single teaser-like item is a paragraph that happens to follow the cue.
    """
    for pos in range(start, end + 1):
        line = lines[pos]
        if line.reason != REASON_RELATED or not RELATED_CUE.fullmatch(line.text.rstrip(" :")):
            continue
        items: list[int] = []
        for nxt in range(pos + 1, end + 1):
            cand = lines[nxt]
            if not cand.free:
                break
            prose = is_prose(cand, opts) or is_sentence(cand, opts)
            if items:
                first = lines[items[0]]
                first_prose = is_prose(first, opts) or is_sentence(first, opts)
                if prose != first_prose or not HEADLINE.match(cand.text):
                    break
            items.append(nxt)
        if len(items) == 1 and is_prose(lines[items[0]], opts):
            items = []
        for item in items:
            lines[item].reason = REASON_RELATED


def is_list_item(lines: Sequence[Line], pos: int) -> bool:
    """A bullet or numbered line of a list introduced by a line ending with a colon."""
    if not (BULLET.match(lines[pos].text) or NUMBERED.match(lines[pos].text)):
        return False
    back = pos - 1
    while back >= 0 and (BULLET.match(lines[back].text) or NUMBERED.match(lines[back].text)):
        back -= 1
    return back >= 0 and lines[back].text.endswith(":") and lines[back].free


def is_heading(lines: Sequence[Line], pos: int, end: int, opts: CleanOptions) -> bool:
    line = lines[pos]
    if line.words > opts.heading_max_words or line.terminal or not line.key:
        return False
    if line.text.endswith((",", ";")) or BULLET.match(line.text):
        return False
    nxt = pos + 1
    while nxt <= end and lines[nxt].reason == REASON_IMAGE:
        nxt += 1
    if nxt > end or not lines[nxt].free:
        return False
    return is_prose(lines[nxt], opts) or is_sentence(lines[nxt], opts)


def body_kind(lines: Sequence[Line], pos: int, end: int, opts: CleanOptions) -> str | None:
    line = lines[pos]
    if is_prose(line, opts) or is_list_item(lines, pos) or is_sentence(line, opts):
        return "paragraph"
    if is_heading(lines, pos, end, opts):
        return "heading"
    return None


def extend_start(lines: Sequence[Line], start: int, end: int, opts: CleanOptions) -> int:
    """Let a live blog's first timestamp open the body when later timestamps are headings."""
    if start == 0 or not BARE_TIME.match(lines[start - 1].text):
        return start
    later = [p for p in range(start, end + 1) if BARE_TIME.match(lines[p].text)]
    if later and all(is_heading(lines, p, end, opts) for p in later):
        return start - 1
    return start
