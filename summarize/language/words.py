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


def count_words(lines: list[str]) -> int:
    return sum(len(WORD.findall(line)) for line in lines)


def word_key(text: str) -> str:
    """A line's words, lower-cased and space-joined: two lines that differ only in case,
    punctuation or spacing have the same key (a title repeated in the body, a menu)."""
    return " ".join(WORD.findall(text.lower()))


def light_stem(word: str) -> str:
    """A word of five letters or more without its final vowel: enough to merge the
    Italian inflections that matter when comparing words (ministro/ministri, russo/russa)."""
    return word[:-1] if len(word) > 4 and word[-1] in _VOWELS else word
