"""Content lemmas of Italian text: what story grouping compares, so that "morti",
"morte" and "morto" count as one word and "è", "sono" and "essere" as none.

simplemma (pure Python, its dictionaries inside the wheel, no network) maps each word to
its dictionary form; a word it does not know stays as written, lower-cased.
"""

from __future__ import annotations

from functools import lru_cache

import simplemma

from summarize.language.words import LETTERS
from summarize.lexicon.stopwords import ITALIAN_STOPWORDS

# Shorter runs of letters are elisions and initials ("l", "d", "un"), never content.
MIN_LETTERS = 3


def content_lemmas(text: str) -> list[str]:
    """The lemmas of ``text``'s content words, in order, repeats kept."""
    found = []
    for word in LETTERS.findall(text):
        lemma = lemma_of(word.lower())
        if lemma:
            found.append(lemma)
    return found


@lru_cache(maxsize=200_000)
def lemma_of(word: str) -> str | None:
    """A lower-case word's lemma, or None for a stop word (before or after lemmatising)."""
    if len(word) < MIN_LETTERS or word in ITALIAN_STOPWORDS:
        return None
    lemma = simplemma.lemmatize(word, lang="it").lower()
    if lemma in ITALIAN_STOPWORDS or len(lemma) < MIN_LETTERS:
        return None
    return lemma
