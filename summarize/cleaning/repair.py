"""Repair mis-decoded text (mojibake) that real pages carry in their own bytes.

Some sites store UTF-8 text that was decoded as Windows-1252 and encoded again
(``lâ€™ex compagno``, ``Ã¨ sotto processo``), in the body, in JSON-LD and in the cards.
The file decodes correctly; the text inside it is wrong, so no choice of codec helps.
ftfy recognises these sequences by how unlikely they are in real text and undoes the
encoding round trip; everything else in the text is left as written (typographic quotes,
HTML entities in plain text, widths, ligatures), so a reader and the translator get the
words the writer typed, and correct text passes through unchanged.
"""

from __future__ import annotations

import re
from functools import lru_cache

# A UTF-8 lead byte read as Windows-1252 or Latin-1 (Â..ô) followed by a continuation
# byte read the same way (0x80-0xBF: C1 controls, ``€‚ƒ„…†‡ˆ‰Š‹ŒŽ''""•–—˜™š›œžŸ``, NBSP..¿).
# Text without such a pair cannot hold mojibake and skips ftfy.
_MOJIBAKE_PAIR = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)


@lru_cache(maxsize=1)
def _config() -> object:
    from ftfy import TextFixerConfig

    return TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


def repair(text: str) -> str:
    """``text`` with doubly-encoded sequences decoded; correct text comes back as it was."""
    if not text or not _MOJIBAKE_PAIR.search(text):
        return text
    from ftfy import fix_text

    # Line by line, and only the suspect lines: a long document costs one regex pass.
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if _MOJIBAKE_PAIR.search(line):
            lines[i] = fix_text(line, config=_config())  # type: ignore[arg-type]
    return "\n".join(lines)


def repair_optional(text: str | None) -> str | None:
    """``repair`` for a metadata value that may be missing."""
    return repair(text) if text else text
