"""Guess an article's language from its function words, with no external dependency.

``brief`` expects Italian input; this is how a French or English page that slipped into
the folder gets flagged instead of being fed to an it->xx model. Function words
(articles, prepositions, conjunctions, pronouns) make up a third to a half of running
text in every one of these languages and barely overlap, so counting them is enough to
tell five languages apart on a paragraph or more.
"""

from __future__ import annotations

from summarize.language.words import LETTERS
from summarize.lexicon.stopwords import FUNCTION_WORDS

# Below this many words the counts are noise: a title or a menu says nothing reliable.
MIN_WORDS = 12
# The winner must hold at least this share of all words. Real prose in any of these
# languages scores 0.25-0.5; lists of names or numbers stay under 0.1.
MIN_SCORE = 0.12
# ... and beat the runner-up by this factor, so an even tie between close languages
# (a short Spanish/Italian sentence) returns None rather than a coin toss.
MIN_MARGIN = 1.25

_OWNERS: dict[str, tuple[str, ...]] = {}
for _lang, _stop in FUNCTION_WORDS.items():
    for _word in _stop:
        _OWNERS[_word] = (*_OWNERS.get(_word, ()), _lang)


def words(text: str) -> list[str]:
    """Lowercased letter runs: apostrophes split elisions (``l'Italia`` -> ``l``, ``italia``)."""
    return [w.lower() for w in LETTERS.findall(text.replace("’", "'"))]


def detect_language(text: str) -> str | None:
    """Return "it", "en", "de", "fr" or "es", or None when the text is too short or unclear.

    Words are counted as they are found, never listed: a whole page's words as a list
    cost ~30 times the text (120 MiB for a 4 MB dump)."""
    count = 0
    scores = dict.fromkeys(FUNCTION_WORDS, 0.0)
    for match in LETTERS.finditer(text.replace("’", "'")):
        count += 1
        langs = _OWNERS.get(match.group().lower())
        if langs:
            for lang in langs:
                scores[lang] += 1.0 / len(langs)
    if count < MIN_WORDS:
        return None
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score / count < MIN_SCORE:
        return None
    if second_score and best_score / second_score < MIN_MARGIN:
        return None
    return best
