"""Checks that a model-written summary says nothing the article does not.

A summarisation model can invent a figure, shift a date or misspell a name, and a
fluent sentence hides it well. These checks compare the summary's hard facts (numbers,
month and weekday names, proper names) with the article's words, and spot outputs that
are not summaries at all (empty, looping, longer than the article). They run on the
Italian article whatever language the summary is in: digits are the same in every
language, and names mostly are (close spellings such as Ucraina/Ukraine count as found).
"""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from summarize.language.segment import split_sentences
from summarize.language.words import HYPHENATED, LETTERS, WORD
from summarize.lexicon.calendar import CALENDAR
from summarize.lexicon.names import COMMON_CAPITALISED
from summarize.lexicon.numbers import NUMBER_WORDS
from summarize.wording import counted

__all__ = ["degenerate", "unsupported_facts"]

SOURCE_LANG = "it"


# --- numbers ----------------------------------------------------------------------------

# Digits with optional thousands groups ("3.000", "3,000", "3 000", "3'000") and decimals.
_NUMBER = re.compile(r"\d+(?:(?:[.,'’]|\s(?=\d{3}\b))\d{3})*(?:[.,]\d+)?")


def _readings(token: str) -> set[str]:
    """Every value a written number can mean: "3.000" is 3000 in Italian and 3.0 in
    English, "2,5" is 2.5 in Italian; a summary number matches if any reading does."""
    groups = re.split(r"[.,'’\s]", token)
    readings: set[str] = set()
    if all(len(group) == 3 for group in groups[1:]):
        readings.add(_canonical("".join(groups)))  # every separator a thousands mark
    if len(groups) == 2 or (len(groups) > 2 and len(groups[-1]) != 3):
        readings.add(_canonical("".join(groups[:-1]) + "." + groups[-1]))  # a decimal
    return readings


def _canonical(number: str) -> str:
    if "." in number:
        whole, frac = number.split(".", 1)
        frac = frac.rstrip("0")
        whole = whole.lstrip("0") or "0"
        return f"{whole}.{frac}" if frac else whole
    return number.lstrip("0") or "0"


def _numbers(text: str) -> list[tuple[str, set[str]]]:
    return [(m.group(0), _readings(m.group(0))) for m in _NUMBER.finditer(text)]


# --- dates ------------------------------------------------------------------------------

# English "May" is also a modal verb; only count it as a month next to a number.
_AMBIGUOUS_CALENDAR = {"may", "mai", "mars"}

# --- names ------------------------------------------------------------------------------

# a capital after an opening quote starts quoted speech, not necessarily a name
_OPENING = '"“«‘'


# In a summary written in another language, two spellings count as one name when this
# similar (difflib ratio): 0.7 accepts exonyms such as Ucraina/Ukraine (0.71),
# Pentagono/Pentagon (0.94) and Mosca/Moscow (0.73); a shared prefix of 4+ letters covers
# Russia/Russian and Stati/States. The price is that a one-letter slip in a translated
# name (Austin/Austen, 0.83) passes; Italian summaries are compared exactly.
NAME_SIMILARITY = 0.7
NAME_MIN_PREFIX = 4


def _article_words(text: str) -> set[str]:
    words = {w.lower() for w in LETTERS.findall(text)}
    words.update(w.lower() for w in HYPHENATED.findall(text))
    return words


def _name_found(
    name: str, article_words: set[str], by_prefix: dict[str, list[str]], *, fuzzy: bool
) -> bool:
    lower = name.lower()
    if lower in article_words:
        return True
    parts = LETTERS.findall(lower)
    if len(parts) > 1:
        return all(_name_found(p, article_words, by_prefix, fuzzy=fuzzy) for p in parts)
    if not fuzzy or len(lower) < NAME_MIN_PREFIX:
        return False
    for word in by_prefix.get(lower[:2], ()):
        shared = len(_common_prefix(lower, word))
        if shared >= NAME_MIN_PREFIX and shared >= min(len(lower), len(word)) - 3:
            return True
        if SequenceMatcher(None, lower, word).ratio() >= NAME_SIMILARITY:
            return True
    # first letters may differ in exonyms (Ucraina/Ukraine share "u", Kiev/Kyiv "k")
    return any(
        SequenceMatcher(None, lower, word).ratio() >= NAME_SIMILARITY
        for word in by_prefix.get(lower[:1], ())
    )


def _common_prefix(a: str, b: str) -> str:
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    return a[:i]


def _name_candidates(summary: str) -> list[str]:
    """Runs of capitalised words that do not open a sentence, in order of appearance."""
    runs: list[str] = []
    for sentence in split_sentences(summary):
        for clause in re.split(r"[:;]\s+", sentence):
            words = list(HYPHENATED.finditer(clause))
            current: list[str] = []
            for index, match in enumerate(words):
                word = match.group(0)
                opens = index == 0 or clause[: match.start()].rstrip().endswith(tuple(_OPENING))
                capital = word[:1].isupper()
                if capital and not opens and word.lower() not in COMMON_CAPITALISED:
                    current.append(word)
                    continue
                if current:
                    runs.append(" ".join(current))
                    current = []
            if current:
                runs.append(" ".join(current))
    return runs


def unsupported_facts(summary: str, article_text: str, summary_lang: str = "it") -> list[str]:
    """Numbers, month/weekday names and proper names of ``summary`` absent from the article.

    Each fact is reported once, as written in the summary: numbers first, then dates,
    then names, each in order of appearance. A
    summary in the article's language (Italian) must spell names as the article does; one
    in another language may use close spellings (exonyms, demonyms: Mosca/Moscow).
    """
    facts: list[str] = []
    seen: set[str] = set()

    def report(fact: str) -> None:
        if fact.lower() not in seen:
            seen.add(fact.lower())
            facts.append(fact)

    article_numbers: set[str] = set()
    for _, readings in _numbers(article_text):
        article_numbers |= readings
    article_words = _article_words(article_text)
    article_numbers.update(NUMBER_WORDS[w] for w in article_words if w in NUMBER_WORDS)
    article_calendar = {CALENDAR[w] for w in article_words if w in CALENDAR}
    by_prefix: dict[str, list[str]] = {}
    for word in article_words:
        if len(word) >= 2:
            by_prefix.setdefault(word[:1], []).append(word)
            by_prefix.setdefault(word[:2], []).append(word)

    for written, readings in _numbers(summary):
        if not readings & article_numbers:
            report(written)

    lowered = summary.lower()
    for match in HYPHENATED.finditer(summary):
        word = match.group(0).lower()
        if word not in CALENDAR:
            continue
        if word in _AMBIGUOUS_CALENDAR and not _next_to_number(lowered, match.start(), match.end()):
            continue
        if CALENDAR[word] not in article_calendar:
            report(match.group(0))

    for name in _name_candidates(summary):
        kept = [w for w in name.split() if w.lower() not in CALENDAR]
        fuzzy = summary_lang != SOURCE_LANG
        if kept and not _name_found(" ".join(kept), article_words, by_prefix, fuzzy=fuzzy):
            report(" ".join(kept))
    return facts


def _next_to_number(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 6) : start]
    after = text[end : end + 6]
    return bool(re.search(r"\d\s*$", before) or re.match(r"\s*\d", after))


# --- degenerate outputs -------------------------------------------------------------------

# A loop: the same n-gram (n <= LOOP_MAX_PERIOD words) repeated back to back at least
# LOOP_MIN_REPEATS times over at least LOOP_MIN_SPAN words. Prose repeats a word twice
# ("very, very") but not a phrase three times; six words keeps "no, no, no" legal.
LOOP_MAX_PERIOD = 12
LOOP_MIN_REPEATS = 3
LOOP_MIN_SPAN = 6
# Or repetition spread out: when fewer than half of a summary's word trigrams are
# distinct, a sentence comes back three times or more. Summaries of news articles have
# practically all trigrams distinct (the seeds' extractive summaries: 100%).
MIN_DISTINCT_TRIGRAMS = 0.5
MIN_WORDS_FOR_TRIGRAMS = 12
# Or one phrase coming back with other words between ("il ministro ha parlato ieri. il
# ministro ha parlato oggi. ..."): a 4-word phrase four times. A three-sentence summary
# of ~70 words never says the same four words four times; a loop soon does.
SPREAD_NGRAM = 4
SPREAD_MIN_REPEATS = 4


def degenerate(summary: str, article_text: str) -> str | None:
    """Why ``summary`` cannot be used at all (empty, a loop, longer than the article),
    or None when it can."""
    words = [w.lower() for w in WORD.findall(summary)]
    if not any(LETTERS.search(w) for w in words):
        return "empty"
    loop = _back_to_back_loop(words)
    if loop:
        return f"a loop repeating “{loop}”"
    if len(words) >= MIN_WORDS_FOR_TRIGRAMS:
        trigrams = list(zip(words, words[1:], words[2:], strict=False))
        distinct = len(set(trigrams)) / len(trigrams)
        if distinct < MIN_DISTINCT_TRIGRAMS:
            top = " ".join(Counter(trigrams).most_common(1)[0][0])
            return f"a loop repeating “{top}”"
    if len(words) >= SPREAD_NGRAM:
        grams = Counter(zip(*(words[i:] for i in range(SPREAD_NGRAM)), strict=False))
        gram, count = grams.most_common(1)[0]
        if count >= SPREAD_MIN_REPEATS:
            return f"a loop repeating “{' '.join(gram)}”"
    article_words = len(WORD.findall(article_text))
    if len(words) > article_words:
        said = counted(len(words), "word")
        return f"longer than the article ({said}, the article has {article_words})"
    return None


def _back_to_back_loop(words: list[str]) -> str | None:
    n = len(words)
    for period in range(1, min(LOOP_MAX_PERIOD, n // LOOP_MIN_REPEATS) + 1):
        run = 0
        for i in range(n - period):
            if words[i] == words[i + period]:
                run += 1
                span = run + period
                if span >= max(LOOP_MIN_SPAN, LOOP_MIN_REPEATS * period):
                    start = i + 1 - run
                    return " ".join(words[start : start + period])
            else:
                run = 0
    return None
