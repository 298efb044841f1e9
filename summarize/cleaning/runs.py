"""Which run of prose is the page's article, when a page holds several.

The body is the densest run of prose (``body.best_run``). Two real shapes defeat the
densest-run rule alone. A subscription box or an advert in the middle of an article
("Sostieni il giornalismo indipendente", "Contenuto sponsorizzato") costs as much as a
paragraph, so a long article cut in three can score below one long teaser of another
story further down. And a page may hold the teaser of a related story with more prose
than a short article. So the runs of prose are listed, pieces of one article are joined
again when only such a box parts them and they speak of the same things, and the run
that matches the page's own title wins over one that does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarize.cleaning.body import best_run
from summarize.cleaning.cues import BOUNDARY_REASONS, REASON_PROMPT, REASON_SPONSORED
from summarize.cleaning.lines import Line, is_prose
from summarize.cleaning.options import CleanOptions
from summarize.cleaning.title import content_stems

# Boxes that sit inside articles as well as after them; comment threads, legal footers
# and date lines end an article and are never bridged.
_BRIDGEABLE = frozenset({REASON_PROMPT, REASON_SPONSORED})
_MAX_RUNS = 6


@dataclass
class _Run:
    start: int
    end: int
    prose: int
    stems: set[str]
    pieces: int = 1


def article_run(
    lines: Sequence[Line], scores: Sequence[float], opts: CleanOptions, title_hint: str | None
) -> tuple[int, int] | None:
    """First and last line of the article's run of prose, or None when there is none."""
    best = best_run(scores)
    if best is None:
        return None
    runs = [_run(lines, s, e, opts) for s, e in _runs(scores, 0, len(scores), _MAX_RUNS)]
    runs = _join_pieces(lines, runs, opts)
    chosen = next((r for r in runs if r.start <= best[0] and best[1] <= r.end), None)
    if chosen is None:
        return best
    runs = [r for r in runs if r.prose >= opts.min_article_words]
    title = content_stems(title_hint) if title_hint else set()
    # Left only when it hardly speaks of the title: some articles hold 0.3-0.4 of it.
    if title and _tie(title, chosen.stems) < opts.run_title_tie / 2:
        matching = [r for r in runs if _tie(title, r.stems) >= opts.run_title_tie]
        if matching:
            return _span(max(matching, key=lambda r: r.prose))
    if not title or _tie(title, chosen.stems) < opts.run_title_tie:
        pieced = [r for r in runs if r.pieces > 1 and r.prose > chosen.prose]
        if pieced:
            return _span(max(pieced, key=lambda r: r.prose))
    return _span(chosen)


def _span(run: _Run) -> tuple[int, int]:
    return run.start, run.end


def _runs(scores: Sequence[float], lo: int, hi: int, budget: int) -> list[tuple[int, int]]:
    """The best run of scores[lo:hi] with the best runs left and right of it, in order."""
    if budget <= 0 or hi <= lo:
        return []
    span = best_run(scores[lo:hi])
    if span is None:
        return []
    start, end = span[0] + lo, span[1] + lo
    left = _runs(scores, lo, start, budget - 1)
    right = _runs(scores, end + 1, hi, budget - 1 - len(left))
    return [*left, (start, end), *right]


def _run(lines: Sequence[Line], start: int, end: int, opts: CleanOptions) -> _Run:
    prose = [lines[p] for p in range(start, end + 1) if lines[p].free and is_prose(lines[p], opts)]
    stems: set[str] = set()
    for line in prose:
        stems |= content_stems(line.text)
    return _Run(start, end, sum(line.words for line in prose), stems)


def _join_pieces(lines: Sequence[Line], runs: list[_Run], opts: CleanOptions) -> list[_Run]:
    """Join consecutive runs parted only by in-article boxes, when they share their words."""
    joined: list[_Run] = []
    for run in runs:
        last = joined[-1] if joined else None
        if (
            last is not None
            and _bridgeable(lines, last.end + 1, run.start, opts)
            and _tie(run.stems, last.stems) >= opts.run_same_article_tie
        ):
            joined[-1] = _Run(
                last.start, run.end, last.prose + run.prose, last.stems | run.stems,
                last.pieces + 1,
            )  # fmt: skip
            continue
        joined.append(run)
    return joined


def _bridgeable(lines: Sequence[Line], lo: int, hi: int, opts: CleanOptions) -> bool:
    """A gap holding an in-article box and nothing else that ends an article or reads
    as prose: no comment counter, legal footer or date line."""
    gap = lines[lo:hi]
    if not any(line.reason in _BRIDGEABLE for line in gap):
        return False
    return all(
        line.reason in _BRIDGEABLE
        or (not line.meta and line.reason not in BOUNDARY_REASONS and not is_prose(line, opts))
        for line in gap
    )


def _tie(stems: set[str], other: set[str]) -> float:
    """Share of ``stems`` found in ``other``."""
    return len(stems & other) / len(stems) if stems else 0.0
