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


def count_words(lines: list[str]) -> int:
    return sum(len(WORD.findall(line)) for line in lines)
