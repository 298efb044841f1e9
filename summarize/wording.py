"""Counted words: a number and its noun in the form that number takes ("1 article",
"2 articles", "1 entry", "2 entries").

Every message that prints a count beside a noun goes through :func:`counted`, so that
"1 requests" or "2 short line" cannot be written anywhere; ``tests/test_counted_words.py``
scans the package for counts worded by hand. It sits on the lowest floor because every
stage words messages (the fetcher, the cleaner, the cache). The output languages' own
counted words are tables in ``output/labels.py``; which form a number takes is
:func:`is_one`, here, for both.
"""

from __future__ import annotations

# English plurals that the spelling rules of ``plural`` do not give.
_IRREGULAR = {
    "person": "people",
    "child": "children",
    "analysis": "analyses",
}
_SIBILANT_ENDS = ("s", "x", "z", "ch", "sh")
_VOWELS = frozenset("aeiou")

# Languages whose singular also covers zero (CLDR plural rules: French "0 article").
_ZERO_IS_ONE = frozenset({"fr"})


def is_one(n: int, lang: str = "en") -> bool:
    """CLDR's "one" category for the languages brief words: 1, and 0 in French."""
    return n == 1 or (n == 0 and lang in _ZERO_IS_ONE)


def plural(noun: str) -> str:
    """The English plural of ``noun`` (its last word, for "feed item" -> "feed items")."""
    head, space, last = noun.rpartition(" ")
    lower = last.lower()
    if lower in _IRREGULAR:
        many = _IRREGULAR[lower]
    elif lower.endswith("y") and len(lower) > 1 and lower[-2] not in _VOWELS:
        many = last[:-1] + "ies"
    elif lower.endswith(_SIBILANT_ENDS):
        many = last + "es"
    else:
        many = last + "s"
    return f"{head}{space}{many}"


def form(n: int, noun: str, many: str | None = None) -> str:
    """``noun`` (singular) as ``n`` of them take it, for a noun away from its number
    ("tokenizer files a, b"); ``many`` when the plural is not ``plural(noun)``."""
    return noun if is_one(n) else many or plural(noun)


def counted(n: int, noun: str, many: str | None = None, *, grouped: bool = False) -> str:
    """``n`` and ``noun`` (singular) agreeing: "1 request", "3 requests"; ``many`` when
    the plural is not the regular one of ``noun``'s last word ("1 line dropped",
    "2 lines dropped"); ``grouped`` writes thousands apart ("12,288 bytes")."""
    number = f"{n:,}" if grouped else str(n)
    return f"{number} {form(n, noun, many)}"
