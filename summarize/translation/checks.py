"""Cheap checks that flag a translation a reader should not trust blindly.

Machine translation fails in a few recognisable ways: it drops or garbles a number, it
copies the source through untranslated, it loops on a phrase, or it loses (or invents)
half the sentence. Each check here looks for one of them with no model at all.
"""

from __future__ import annotations

import re

from summarize.wording import counted, form

# Digits with separators: 3.000 / 3,000 / 2,5 / 1.234.567,89 / 3 000 (French, thin spaces).
_NUMBER = re.compile(r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d+)*")
_GROUP_SPACES = re.compile(r"[ \u00a0\u202f]")
# Lone single digits are left out: translators spell them ("2 anni" -> "two years")
# often enough that flagging them would be noise; the costly errors are in the others.
_SPELLED_OUT = re.compile(r"\d")

# A phrase of 1-4 words repeated this many times in a row is a decoding loop: natural
# text repeats a word twice ("very very") and rarely three times, almost never four.
MAX_NGRAM = 4
LOOP_REPEATS = 4

# Character length ratio target/source outside [0.5, 2.0] means a clause was lost or
# invented. Gale & Church (1993) found target/source character ratios of 1.0-1.1 for
# European language pairs; Italian->English is ~0.95. Half or double is far outside any
# honest sentence of news prose, so the check almost never fires on a good translation.
# Under 20 characters (names, titles of two words) ratios swing too widely to judge.
MIN_RATIO = 0.5
MAX_RATIO = 2.0
MIN_RATIO_CHARS = 20
MIN_IDENTICAL_WORDS = 3
_QUOTE_CHARS = 60


def translation_warnings(source: str, target: str) -> tuple[str, ...]:
    """Short readable warnings about ``target`` as a translation of ``source``."""
    if not source.strip():
        return ()
    warnings: list[str] = []
    missing = missing_numbers(source, target)
    if missing:
        noun = form(len(missing), "number")
        warnings.append(f"{noun} missing from the translation: {', '.join(missing)}")
    if _identical(source, target):
        warnings.append(f"translation identical to the source: {_quote(source)}")
    loop = repeated_phrase(target)
    if loop and not repeated_phrase(source):
        phrase, times = loop
        warnings.append(f"translation repeats {_quote(phrase)} {counted(times, 'time')} in a row")
    ratio = _length_ratio(source, target)
    if ratio is not None:
        warnings.append(
            f"translation is {ratio:.1f}x the length of the source "
            f"({len(target.strip())} vs {counted(len(source.strip()), 'character')})"
        )
    return tuple(warnings)


def number_values(text: str) -> set[float]:
    """Every value the numbers in ``text`` can mean, under Italian (3.000,5) and English
    (3,000.5) conventions alike, since the two disagree on what each separator means.

    The price of not knowing the convention: "2,500" also reads as 2.5, so a 2,5 turned
    into 2,500 goes unnoticed. Nothing else in the text says which convention holds.
    """
    values: set[float] = set()
    for match in _NUMBER.finditer(text):
        values.update(_readings(match.group()))
    return values


def missing_numbers(source: str, target: str) -> list[str]:
    """Numbers of the source (as written there) that no reading of the target contains."""
    found = number_values(target)
    missing: list[str] = []
    for match in _NUMBER.finditer(source):
        written = match.group()
        readings = _readings(written)
        if not readings or _SPELLED_OUT.fullmatch(written):
            continue
        if readings.isdisjoint(found) and written not in missing:
            missing.append(written)
    return missing


def _readings(written: str) -> set[float]:
    compact = _GROUP_SPACES.sub("", written)
    if compact != written:
        return {float(compact)}  # digits grouped by spaces: always thousands
    readings: set[float] = set()
    for thousands, decimal in ((".", ","), (",", ".")):
        value = _parse(compact, thousands, decimal)
        if value is not None:
            readings.add(value)
    return readings


def _parse(written: str, thousands: str, decimal: str) -> float | None:
    whole, _, fraction = written.partition(decimal)
    if decimal in fraction or thousands in fraction:
        return None
    groups = whole.split(thousands)
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    digits = "".join(groups)
    return float(f"{digits}.{fraction}" if fraction else digits)


def _words(text: str) -> list[str]:
    return [w for w in (w.strip(".,;:!?\"'«»“”‘’()").casefold() for w in text.split()) if w]


def _identical(source: str, target: str) -> bool:
    words = _words(source)
    return len(words) >= MIN_IDENTICAL_WORDS and words == _words(target)


def repeated_phrase(text: str) -> tuple[str, int] | None:
    """The first phrase of 1-4 words repeated ``LOOP_REPEATS`` or more times in a row."""
    words = _words(text)
    for size in range(1, MAX_NGRAM + 1):
        for start in range(len(words) - size * LOOP_REPEATS + 1):
            gram = words[start : start + size]
            times = 1
            while words[start + times * size : start + (times + 1) * size] == gram:
                times += 1
            if times >= LOOP_REPEATS:
                return " ".join(gram), times
    return None


def _length_ratio(source: str, target: str) -> float | None:
    source_chars, target_chars = len(source.strip()), len(target.strip())
    if source_chars < MIN_RATIO_CHARS:
        return None
    ratio = target_chars / source_chars
    return ratio if not MIN_RATIO <= ratio <= MAX_RATIO else None


def _quote(text: str) -> str:
    text = " ".join(text.split())
    if len(text) > _QUOTE_CHARS:
        text = text[: _QUOTE_CHARS - 1] + "…"
    return f"“{text}”"
