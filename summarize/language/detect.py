"""Guess an article's language from its function words, with no external dependency.

``brief`` expects Italian input; this is how a French or English page that slipped into
the folder gets flagged instead of being fed to an it->xx model. Function words
(articles, prepositions, conjunctions, pronouns) make up a third to a half of running
text in every one of these languages and barely overlap, so counting them is enough to
tell five languages apart on a paragraph or more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Each list holds the most frequent function words of the language. Words shared by
# several languages ("de", "la", "a", "en"...) are allowed: they count for every
# language that has them, split evenly, so only the distinctive words decide.
ITALIAN_STOPWORDS: frozenset[str] = _wordset(
    """
    a ad agli ai al alla alle allo anche ancora avere aveva avevano c che chi ci
    col come con contro cosa così cui d da dai dal dall dalla dalle dagli dallo de
    degli dei del dell della delle dello di dopo dove e è ecco ed era erano essere
    fa fino fra gli ha hanno ho i il in infatti invece io l la le lei li lo loro lui
    ma mai me mentre mi molto ne negli nei nel nell nella nelle nello no noi non
    nostra nostro o ogni oltre per perché però più poi poco proprio qua qual quale
    quali quando quanto quasi quel quella quelle quelli quello questa queste questi
    questo qui se sé senza si sia siamo sono stata stati stato su sua sue sugli sui
    sul sull sulla sulle suo suoi tra tutta tutte tutti tutto un una uno vi voi
    nell quest po
    """
)

ENGLISH_STOPWORDS: frozenset[str] = _wordset(
    """
    a about after all also an and any are as at be been before being but by can
    could did do does for from had has have he her his how i if in into is it its
    just may more most my no not now of on one only or other our out over said she
    should so some such than that the their them then there these they this those
    through to under up was we were what when where which while who will with would
    you your
    """
)

GERMAN_STOPWORDS: frozenset[str] = _wordset(
    """
    aber als also am an auch auf aus bei bis da das dass dem den der des die dies
    diese dieser doch durch ein eine einem einen einer eines er es für gegen hat
    haben hatte ich ihr im in ist ja kann kein man mehr mit muss nach nicht noch nur
    oder ohne schon sich sie sind so über um und uns unter vom von vor war waren
    was weil wenn werden wie wir wird wurde zu zum zur zwischen
    """
)

FRENCH_STOPWORDS: frozenset[str] = _wordset(
    """
    à au aux avec ce ces cette comme dans de des du elle en est et été être eux il
    ils je la le les leur leurs lui mais même mes moi ne nous on ont ou où par pas
    plus pour qu que qui sa sans se ses son sont sur ta tout tous très un une vous
    y c d j l n s
    """
)

SPANISH_STOPWORDS: frozenset[str] = _wordset(
    """
    a al algo algunos ante como con contra cual cuando de del desde donde dos el
    ella ellos en entre era es esa ese esta este esto estos fue ha hay la las le
    les lo los más me mi muy nada ni no nos o otra otro para pero poco por porque
    que quien se sea ser si sin sobre son su sus también tiene todo todos un una
    uno unos y ya está están fueron había
    """
)

STOPWORDS: dict[str, frozenset[str]] = {
    "it": ITALIAN_STOPWORDS,
    "en": ENGLISH_STOPWORDS,
    "de": GERMAN_STOPWORDS,
    "fr": FRENCH_STOPWORDS,
    "es": SPANISH_STOPWORDS,
}

# Below this many words the counts are noise: a title or a menu says nothing reliable.
MIN_WORDS = 12
# The winner must hold at least this share of all words. Real prose in any of these
# languages scores 0.25-0.5; lists of names or numbers stay under 0.1.
MIN_SCORE = 0.12
# ... and beat the runner-up by this factor, so an even tie between close languages
# (a short Spanish/Italian sentence) returns None rather than a coin toss.
MIN_MARGIN = 1.25

_OWNERS: dict[str, tuple[str, ...]] = {}
for _lang, _stop in STOPWORDS.items():
    for _word in _stop:
        _OWNERS[_word] = (*_OWNERS.get(_word, ()), _lang)

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def words(text: str) -> list[str]:
    """Lowercased letter runs: apostrophes split elisions (``l'Italia`` -> ``l``, ``italia``)."""
    return [w.lower() for w in _WORD.findall(text.replace("’", "'"))]


def stopword_ratio(tokens: Iterable[str], lang: str = "it") -> float:
    """Share of ``tokens`` that are function words of ``lang`` (0.0 when empty)."""
    tokens = list(tokens)
    if not tokens:
        return 0.0
    stop = STOPWORDS[lang]
    return sum(1 for t in tokens if t in stop) / len(tokens)


def detect_language(text: str) -> str | None:
    """Return "it", "en", "de", "fr" or "es", or None when the text is too short or unclear."""
    tokens = words(text)
    if len(tokens) < MIN_WORDS:
        return None
    scores = dict.fromkeys(STOPWORDS, 0.0)
    for token in tokens:
        langs = _OWNERS.get(token)
        if langs:
            for lang in langs:
                scores[lang] += 1.0 / len(langs)
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    if best_score / len(tokens) < MIN_SCORE:
        return None
    if second_score and best_score / second_score < MIN_MARGIN:
        return None
    return best
