"""The body run and what lies inside it: the densest run of prose, headings, lists
and related-article links."""

from __future__ import annotations

import re
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
from summarize.cleaning.title import content_stems


def score(line: Line, opts: CleanOptions, extracted: bool = False) -> float:
    """Body-run score of a line. ``extracted`` text (trafilatura's output of an HTML
    page) has already lost its menus, so there an unpunctuated line of a few words (a
    listicle's item, a paragraph ending in a product link) counts for the body."""
    if line.meta or line.reason in BOUNDARY_REASONS:
        return -max(float(line.words), opts.boundary_cost)
    if line.reason is not None:
        return -max(float(line.words), opts.short_line_cost)
    if is_prose(line, opts):
        return float(line.words)
    if is_sentence(line, opts) or (extracted and is_loose_paragraph(line, opts)):
        return opts.short_sentence_weight * line.words
    # A list's items bridge the prose around them but do not make a run on their own:
    # a menu or a list of headlines at the page's edge stays out.
    if is_list_entry(line, opts):
        return 0.0
    return -opts.short_line_cost


def is_list_entry(line: Line, opts: CleanOptions) -> bool:
    """A bullet or numbered line that reads like text: a few words, a function word among
    them (an item's verbs and nouns leave fewer than prose has)."""
    return (
        bool(BULLET.match(line.text) or NUMBERED.match(line.text))
        and line.words >= opts.list_item_min_words
        and line.stop_ratio > 0
    )


def is_loose_paragraph(line: Line, opts: CleanOptions) -> bool:
    """Prose-like but unpunctuated: enough words, some of them function words."""
    return line.words >= opts.loose_paragraph_words and line.stop_ratio >= opts.min_stopword_ratio


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
    headline with a teaser sentence; a section heading or a paragraph (longer than a
    teaser, or with more sentences than the first item) ends the list.
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
                # Teasers keep the first one's length and number of sentences: longer
                # text under a link is the article going on.
                if cand.words > opts.teaser_max_words or (
                    _one_sentence(cand.text) != _one_sentence(first.text)
                ):
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


def in_text_list(lines: Sequence[Line], pos: int, end: int, opts: CleanOptions) -> bool:
    """A text-like list entry with another one next to it: an item of a list in the body
    (guidelines, a listicle's points), not a lone bullet of furniture."""
    if not is_list_entry(lines[pos], opts):
        return False
    near = [p for p in (pos - 1, pos + 1) if 0 <= p <= end and lines[p].free]
    return any(is_list_entry(lines[p], opts) for p in near)


def body_kind(lines: Sequence[Line], pos: int, end: int, opts: CleanOptions) -> str | None:
    line = lines[pos]
    if is_prose(line, opts) or is_list_item(lines, pos) or is_sentence(line, opts):
        return "paragraph"
    if in_text_list(lines, pos, end, opts):
        return "paragraph"
    if is_heading(lines, pos, end, opts):
        return "heading"
    return None


def extend_end(lines: Sequence[Line], end: int, opts: CleanOptions) -> int:
    """Let a list that closes the article join its body: items score nothing, so the
    densest run stops before a list right under its last paragraph."""
    last = end
    while last + 1 < len(lines) and lines[last + 1].free and is_list_entry(lines[last + 1], opts):
        last += 1
    return last if last - end >= 2 else end


def extend_start(lines: Sequence[Line], start: int, end: int, opts: CleanOptions) -> int:
    """Let a live blog's first timestamp open the body when later timestamps are headings."""
    if start == 0 or not BARE_TIME.match(lines[start - 1].text):
        return start
    later = [p for p in range(start, end + 1) if BARE_TIME.match(lines[p].text)]
    if later and all(is_heading(lines, p, end, opts) for p in later):
        return start - 1
    return start


def other_stories(
    lines: Sequence[Line], kept: dict[int, str], header: Sequence[str], opts: CleanOptions
) -> list[int]:
    """Positions of kept paragraphs that are teasers of other stories.

    Sites close an article with "Altre notizie" or "Potrebbe interessarti" and a few
    one-sentence summaries of unrelated stories, full sentences that read as prose.
    Their shape does not give them away; their words do: a paragraph of the article
    shares words with the rest of it, a teaser of another story hardly any. So the
    trailing run of one-sentence paragraphs is checked against the article before it
    (title and lede included), from the end back, and the teasers stop at the first
    paragraph that ties in. A run counts from ``teaser_min_run`` teasers, or from one
    when a related-articles cue introduces it; either way some furniture (share
    buttons, tags, the cue) must part it from the article, so an article's own closing
    sentences, which follow it directly, are never taken for teasers.
    """
    paragraphs = sorted(p for p, kind in kept.items() if kind == "paragraph")
    run: list[int] = []
    for pos in reversed(paragraphs):
        line = lines[pos]
        if line.words > opts.teaser_max_words or not _one_sentence(line.text):
            break
        run.append(pos)
    if not run:
        return []
    first = run[-1]
    article: set[str] = set()
    for text in header:
        article |= content_stems(text)
    for pos in paragraphs:
        if pos < first:
            article |= content_stems(lines[pos].text)
    if len(article) < opts.teaser_min_article_stems:
        return []
    # The longest tail of the run whose ties are low on average, none of them high: a
    # teaser may share a word or two ("Regione", "strade") with any local story.
    valid: list[int] = []
    total = 0.0
    for count, pos in enumerate(run, start=1):  # from the end back
        stems = content_stems(lines[pos].text)
        tie = len(stems & article) / len(stems) if stems else 1.0
        total += tie
        if tie > opts.teaser_max_single_tie:
            break
        if total / count <= opts.teaser_max_tie:
            valid.append(count)
    # Paragraph just before each candidate tail: the next one up in the run, or the
    # article's paragraph above the run. Each gap is looked at once: linear in the run.
    above_run = paragraphs[len(paragraphs) - len(run) - 1] if len(paragraphs) > len(run) else -1
    for count in reversed(valid):
        before = run[count] if count < len(run) else above_run
        if _set_apart(lines, before, run[:count], opts):
            return run[:count]
    return []


def _set_apart(lines: Sequence[Line], before: int, teasers: list[int], opts: CleanOptions) -> bool:
    """Teasers sit apart from the article: share buttons, tags or a cue come between."""
    between = range(before + 1, teasers[-1])
    cued = any(
        lines[p].reason == REASON_RELATED and RELATED_CUE.fullmatch(lines[p].text.rstrip(" :"))
        for p in between
    )
    return len(between) > 0 and (len(teasers) >= opts.teaser_min_run or cued)


def _one_sentence(text: str) -> bool:
    return len(re.findall(r"[.!?…](?:\s|$)", text.strip())) <= 1
