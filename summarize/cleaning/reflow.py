"""Re-flow hard-wrapped paragraphs: one paragraph a line again, whatever the width.

Text browsers (``w3m -dump``, ``lynx -dump``), e-mail newsletters and PDFs break every
paragraph into lines at a fixed column. Wrapping is greedy: a line ends where the next
word would not fit. That leaves a signature that needs no fixed column: for the wrap
width ``W``, a wrapped line is at most ``W`` long and its length plus a space plus the
next line's first word is more than ``W``. ``W`` is read from the text itself, as the
width that explains the most line breaks this way while few lines run past it (a URL
or a word too long to break does). Breaks where a sentence also ends are weak
evidence (paragraphs of one sentence a line look the same); only text whose breaks
mostly fall inside sentences (the line does not end a sentence, or the next starts in
lower case) counts as wrapped, so a page with one paragraph a line is left alone.

Paragraph breaks stay: a blank line, a list item, a line indented deeper than the
paragraph's (lynx indents body text), or a line short of the width. A word hyphenated
at the break is joined without its hyphen when the next line goes on in lower case.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence

from summarize.cleaning.options import CleanOptions

# List items, Markdown headings, quotes, images and rules start a block of their own.
_LIST_ITEM = re.compile(
    r"^\s*(?:[-–—•*·▪►+□◦▸‣○■]\s+|\d{1,3}[.)]\s+|#{1,6}\s|>|!\[|(?:-{3,}|\*{3,}|_{3,}|={3,})\s*$)"
)
# A rule or ornament ("━━━━", "* * *") has no word: it neither wraps nor is wrapped.
_NO_WORD = re.compile(r"^[\W_]+$")
_SENTENCE_END = re.compile(r"[.!?…:;»”\"')\]]$")
_HYPHENATED = re.compile(r"[^\W\d_]-$")
_FIRST_WORD = re.compile(r"\S+")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _continues(line: str, nxt: str) -> bool:
    """Whether ``nxt`` may continue ``line``'s paragraph at all: both hold text, ``nxt``
    starts no list item and is indented no deeper (except under a list item's hanging
    indent, where its text lines up with the item's)."""
    if not line.strip() or not nxt.strip() or _LIST_ITEM.match(nxt):
        return False
    if _NO_WORD.match(line.strip()) or _NO_WORD.match(nxt.strip()):
        return False
    item = _LIST_ITEM.match(line)
    if item:
        return _indent(nxt) in (_indent(line), item.end())
    return _indent(nxt) <= _indent(line)


def _break_span(line: str, nxt: str, slack: float) -> tuple[int, int] | None:
    """The widths ``w`` (lo <= w <= hi) at which wrapping ends ``line`` here: it fits,
    and the next word would not, give or take ``slack`` of the width (editors and PDFs
    balance their lines and break a little early; terminal browsers are exact)."""
    if not _continues(line, nxt):
        return None
    first = _FIRST_WORD.search(nxt)
    length = len(line.rstrip())
    reach = length + 1 + (len(first.group(0)) if first else 0)
    return length, max(length, math.ceil(reach / (1 - slack)) - 1)


def _inside_sentence(line: str, nxt: str) -> bool:
    return not _SENTENCE_END.search(line.rstrip()) or nxt.lstrip()[:1].islower()


# Hard wraps are at terminal, e-mail and PDF widths (72-200 columns); a text wrapped
# wider than this is not told apart from paragraphs, and the width tables below, one
# slot per column, stay this size whatever the longest line (a 4 MB line took 96 MiB).
MAX_WRAP_WIDTH = 2000


def wrap_width(lines: Sequence[str], opts: CleanOptions) -> int | None:
    """The column the text was wrapped at, or None when it was not wrapped."""
    lengths = [len(line.rstrip()) for line in lines if line.strip()]
    if not lengths:
        return None
    top = min(max(lengths), MAX_WRAP_WIDTH) + 1
    # Difference arrays over widths: breaks explained, those inside a sentence, and
    # lines longer than the width.
    explained = [0] * (top + 2)
    inside = [0] * (top + 2)
    # A lone break is enough only when the next line cannot open a paragraph (it starts
    # in lower case or with a digit) or the text sets its paragraphs apart with blank
    # lines: an unpunctuated standfirst right over a paragraph fits the signature too.
    plain = [0] * (top + 2)
    spaced = _blank_separated(lines)
    for line, nxt in itertools.pairwise(lines):
        span = _break_span(line, nxt, opts.wrap_slack)
        if span is None:
            continue
        lo, hi = span[0], min(span[1], top)
        if lo > top:
            continue
        explained[lo] += 1
        explained[hi + 1] -= 1
        if _inside_sentence(line, nxt):
            inside[lo] += 1
            inside[hi + 1] -= 1
        if not nxt.lstrip()[:1].isupper():
            plain[lo] += 1
            plain[hi + 1] -= 1
    longer = Counter(lengths)
    best: tuple[int, int] | None = None
    n_explained = n_inside = n_plain = 0
    over = len(lengths)
    for width in range(top + 1):
        n_explained += explained[width]
        n_inside += inside[width]
        n_plain += plain[width]
        over -= longer.get(width, 0)
        if (
            width < opts.wrap_min_width
            or n_explained < opts.wrap_min_breaks
            or (n_explained == 1 and not n_plain and not spaced)
            or over > opts.wrap_max_overrun_share * n_explained
            or n_inside < opts.wrap_min_inside_share * n_explained
        ):
            continue
        gain = n_inside - over
        if best is None or gain > best[0]:
            best = (gain, width)
    return best[1] if best else None


def _blank_separated(lines: Sequence[str]) -> bool:
    """Whether most lines of prose length are followed by a blank line (or end the text)."""
    prose = [i for i, line in enumerate(lines) if len(line.split()) >= 8]
    if not prose:
        return False
    spaced = sum(1 for i in prose if i + 1 == len(lines) or not lines[i + 1].strip())
    return spaced > len(prose) / 2


def _fits_greedy(line: str, nxt: str, width: int, slack: float) -> bool:
    span = _break_span(line, nxt, slack)
    return span is not None and span[0] <= width <= span[1]


def reflow(lines: Sequence[str], opts: CleanOptions) -> list[str]:
    """``lines`` (indentation kept) with each wrapped paragraph joined into one line."""
    width = wrap_width(lines, opts)
    if width is None:
        return list(lines)
    out: list[str] = []
    carry = False
    for i, line in enumerate(lines):
        if carry:
            tail, head = out[-1].rstrip(), line.strip()
            if _HYPHENATED.search(tail) and head[:1].islower():
                out[-1] = tail[:-1] + head
            else:
                out[-1] = f"{tail} {head}"
        else:
            out.append(line)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        # A joined line is as long as the width allows only if its last piece was.
        carry = _fits_greedy(line, nxt, width, opts.wrap_slack)
    return out


_TOUCHING = re.compile(r"(?<=[^\W\d_]{2})([?!])(?=[A-ZÀ-Ý])")
_TOKEN = re.compile(r"\S+")


def _space_after_mark(line: str) -> str:
    if "?" not in line and "!" not in line:
        return line
    return _TOKEN.sub(
        lambda m: (
            m.group() if any(c in m.group() for c in "/=.") else _TOUCHING.sub(r"\1 ", m.group())
        ),
        line,
    )


def join_split_blocks(lines: Sequence[str], max_words: int) -> list[str]:
    """A block of two lines whose second goes on in lower case is one line broken in
    two: a headline set over two lines (``Il male oscuro`` / ``che affligge la
    sinistra``), a caption cut by the layout. A question or exclamation mark touching
    the next sentence (``mamma?A volte``) gets its space back."""
    out = [_space_after_mark(line) for line in lines]
    joined: list[str] = []
    i = 0
    while i < len(out):
        first = out[i]
        second = out[i + 1] if i + 1 < len(out) else ""
        alone = (i == 0 or not out[i - 1].strip()) and (i + 2 >= len(out) or not out[i + 2].strip())
        if (
            alone
            and first.strip()
            and second.strip()[:1].islower()
            and not _SENTENCE_END.search(first.rstrip())
            and not _LIST_ITEM.match(first)
            and len(first.split()) + len(second.split()) <= max_words
        ):
            joined.append(f"{first.rstrip()} {second.strip()}")
            i += 2
            continue
        joined.append(first)
        i += 1
    return joined
