"""What counts as a word, in one place: every module that counts or compares words uses
these patterns, so "word" means the same in word counts, checks and language detection.
"""

from __future__ import annotations

import re

# Letters, digits and underscores: what a reader counts as a word ("3.000" is two).
WORD = re.compile(r"\w+")
# Letters only: a run of letters between anything else ("l'Italia" is "l" and "Italia").
LETTERS = re.compile(r"[^\W\d_]+")
# Letters joined by hyphens, as a name may be ("Jean-Pierre", "Emilia-Romagna").
HYPHENATED = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# Letters and digits, no underscores: the terms whose overlap the summariser measures.
TERM = re.compile(r"[^\W_]+")

_VOWELS = "aeiouàèéìòóù"


_TOKEN = re.compile(r"\S+")


def count_tokens(text: str) -> int:
    """``len(text.split())`` without the list: a page may be one line of megabytes."""
    return sum(1 for _ in _TOKEN.finditer(text))


def count_words(lines: list[str]) -> int:
    return sum(len(WORD.findall(line)) for line in lines)


# Text longer than this is keyed a piece at a time: a list of all the words of a line
# of megabytes (one line of junk) costs ~18 times the line.
_KEY_PIECE = 1 << 16
_NON_WORD = re.compile(r"\W")


def word_key(text: str) -> str:
    """A line's words, lower-cased and space-joined: two lines that differ only in case,
    punctuation or spacing have the same key (a title repeated in the body, a menu)."""
    lower = text.lower()
    if len(lower) <= _KEY_PIECE:
        return " ".join(WORD.findall(lower))
    keys = []
    start = 0
    while start < len(lower):
        cut = _NON_WORD.search(lower, start + _KEY_PIECE)  # never inside a word
        end = cut.start() if cut else len(lower)
        if key := " ".join(WORD.findall(lower, start, end)):
            keys.append(key)
        start = end
    return " ".join(keys)


def light_stem(word: str) -> str:
    """A word of five letters or more without its final vowel: enough to merge the
    Italian inflections that matter when comparing words (ministro/ministri, russo/russa)."""
    return word[:-1] if len(word) > 4 and word[-1] in _VOWELS else word
