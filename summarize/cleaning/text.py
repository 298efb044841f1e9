"""Normalised lines from raw text: spaces and line ends unified, hard-wrapped
paragraphs re-flowed (``reflow.py``), drop caps joined, Markdown unmarked."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarize.cleaning.options import CleanOptions
from summarize.cleaning.reflow import join_split_blocks, reflow

# --- normalisation -------------------------------------------------------------------

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# Control characters (Unicode's Cc: C0 but LF, DEL, C1) and zero-width ones, dropped by
# one pattern rather than a test per character (a list of a 4 MB text's characters
# cost 32 MiB).
_DROPPED = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b\u200c\u200d\u2060\ufeff\u00ad]")

# Every line separator ``str.splitlines`` knows: CRLF, CR, VT, FF, the file, group and
# record separators, NEL, U+2028 and U+2029 (LF itself needs no change).
LINE_SEPARATORS = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def unify_line_ends(text: str) -> str:
    """Every line separator as LF. Done before anything drops control characters, or a
    separator between two words would be dropped and join them."""
    return LINE_SEPARATORS.sub("\n", text)


def normalize_text(text: str) -> str:
    """Unify line ends and spaces, drop control and zero-width characters.

    Typographic quotes and apostrophes are kept: they are part of the article.
    """
    text = unify_line_ends(text).replace("\t", " ")
    text = _DROPPED.sub("", text)
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


# A line that opens with a lone mark that closes a sentence or clause (``. Domani``):
# the line was broken before the mark, which belongs to the line above. An ellipsis
# (``... e poi``) opens lines on purpose and is not one.
_STRAY_MARK = re.compile(r"^(\s*)([.,;:!?])(?!\.)(?:\s+|$)")
_CLOSED = re.compile(r"[.,;:!?…]$")


def attach_stray_marks(lines: list[str]) -> list[str]:
    """Lines with a stray opening mark moved back to the line above (unless that line
    already ends with one), so neither reads as something other than prose; a line that
    held only the mark goes."""
    out: list[str] = []
    above: int | None = None  # index in out of the last line with text
    for line in lines:
        stray = _STRAY_MARK.match(line)
        if stray is not None:
            if above is not None and not _CLOSED.search(out[above].rstrip()):
                out[above] = out[above].rstrip() + stray.group(2)
            line = stray.group(1) + line[stray.end() :]
            if not line.strip():
                continue
        out.append(line)
        if line.strip():
            above = len(out) - 1
    return out


# --- Markdown and drop caps ------------------------------------------------------------

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_MD_QUOTE = re.compile(r"^(?:>\s?)+")
_MD_RULE = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|={3,})$")
_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)")
_MD_AUTOLINK = re.compile(r"<https?://[^>]+>")
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_EM = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")


@dataclass
class RawLine:
    text: str
    image: bool = False


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
    """Normalised, re-flowed, unmarked lines. Re-flowing reads the indentation that
    normalising strips, so it comes first, on line ends already unified."""
    unified = unify_line_ends(text).replace("\t", "    ")
    lines = attach_stray_marks(unified.split("\n"))
    lines = normalize_text("\n".join(reflow(lines, opts))).split("\n")
    lines = join_split_blocks(lines, opts.title_max_words)
    lines = join_drop_caps(lines)
    return [unmark(line) for line in lines]
