"""Normalised lines from raw text: spaces and line ends unified, Markdown unmarked,
hard-wrapped paragraphs joined."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from summarize.cleaning.options import CleanOptions

# --- normalisation -------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_LINE_BREAKS = str.maketrans(
    {"\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x0b": "\n", "\x0c": "\n"}
)


def normalize_text(text: str) -> str:
    """Unify line ends and spaces, drop control and zero-width characters.

    Typographic quotes and apostrophes are kept: they are part of the article.
    """
    text = text.replace("\r\n", "\n").translate(_LINE_BREAKS).replace("\t", " ")
    text = "".join(
        ch
        for ch in text
        if ch == "\n" or (ch not in _INVISIBLE and unicodedata.category(ch) != "Cc")
    )
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


# --- Markdown and hard wraps ----------------------------------------------------------

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_MD_QUOTE = re.compile(r"^(?:>\s?)+")
_MD_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|={3,})$")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_MD_AUTOLINK = re.compile(r"<https?://[^>]+>")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")
_LIST_START = re.compile(r"^(?:[-–—•*·▪►+□◦▸‣○■]\s+|\d{1,2}[.)]\s+|#{1,6}\s|>|!\[)")


@dataclass
class RawLine:
    text: str
    image: bool = False


def unwrap(lines: list[str], opts: CleanOptions) -> list[str]:
    """Join hard-wrapped paragraphs back into one line each.

    Wrapping shows as many long lines that all stop just short of one width. Lines
    are joined inside blank-separated blocks only, and never across list items,
    headings or quotes.
    """
    lengths = sorted(len(line) for line in lines if len(line) >= 40)
    if len(lengths) < 5:
        return lines
    width = lengths[int(0.9 * (len(lengths) - 1))]
    if width > opts.wrap_max_width or sum(n >= 0.75 * width for n in lengths) < 0.5 * len(lengths):
        return lines
    out: list[str] = []
    last_len = 0
    for line in lines:
        joinable = out and out[-1] and line and not _LIST_START.match(line)
        if joinable and last_len >= 0.75 * width and not _MD_RULE.match(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
        last_len = len(line)
    return out


def unwrap_wide(lines: list[str], opts: CleanOptions) -> list[str]:
    """Join the tails of paragraphs a text browser wrapped at a wide column.

    ``w3m -dump -cols 400`` puts a paragraph on one line unless it is longer than 400
    characters: then the tail ("in Galles.") lands on the next line. Several lines
    stopping within a few characters of the same wide width betray it; a line that
    follows one of them continues its paragraph.
    """
    longest = max((len(line) for line in lines), default=0)
    if longest < opts.wide_wrap_min_width:
        return lines
    near = sum(1 for line in lines if len(line) >= 0.97 * longest)
    if near < 2:
        return lines
    out: list[str] = []
    last_len = 0
    for line in lines:
        if out and line and last_len >= 0.97 * longest and not _LIST_START.match(line):
            out[-1] = f"{out[-1]} {line}"
            last_len = len(line)
            continue
        out.append(line)
        last_len = len(line)
    return out


_DROP_CAP = re.compile(r"^[A-ZÀ-Ý]$")
_CAPS_WORD = re.compile(r"^[A-ZÀ-Ý]{3,}\b")


def join_drop_caps(lines: list[str]) -> list[str]:
    """Put a drop cap back on its word: ``E`` + ``LETTRODOMESTICI...`` or ``L`` +
    ``'armadio è...``. Page dumps print the enlarged first letter on a line of its own;
    it is joined when the next line cannot start a word without it (a lower-case or
    apostrophe start, or a word in capitals like the rest of a capitalised opening)."""
    out: list[str] = []
    cap: int | None = None  # index in out of a drop cap waiting for its word
    for line in lines:
        if cap is not None and line:
            if line[0].islower() or line[0] in "'’" or _CAPS_WORD.match(line):
                out[cap] += line
                del out[cap + 1 :]  # the blank lines between
                cap = None
                continue
            cap = None
        out.append(line)
        if _DROP_CAP.match(line):
            cap = len(out) - 1
    return out


def unmark(line: str) -> RawLine:
    """Markdown markup -> plain text; a line that is only an image is flagged as one."""
    if _MD_RULE.match(line):
        return RawLine("")
    heading = _MD_HEADING.match(line)
    if heading:
        line = heading.group(2)
    line = _MD_QUOTE.sub("", line)
    image_only = bool(_MD_IMAGE.fullmatch(line.strip()))
    line = _MD_IMAGE.sub(lambda m: m.group(1), line)
    line = _MD_LINK.sub(lambda m: m.group(1), line)
    line = _MD_AUTOLINK.sub("", line)
    line = _MD_STRONG.sub(lambda m: m.group(2), line)
    line = _MD_EM.sub(lambda m: m.group(1), line)
    return RawLine(_SPACES.sub(" ", line).strip(), image=image_only)


def prepare(text: str, opts: CleanOptions) -> list[RawLine]:
    lines = unwrap_wide(unwrap(normalize_text(text).split("\n"), opts), opts)
    lines = join_drop_caps(lines)
    return [unmark(line) for line in lines]
