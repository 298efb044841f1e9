"""Mentioned names in the reader's language.

An English reader should read "Moscow" and "Kremlin", not "Mosca" and "Cremlino". Places
and organisations are looked up in the exonym table (``lexicon.exonyms``); the few the
table does not know are translated by the run's translation model, in the same batch and
cache as the sentences, and flagged as model translations. People keep their names as the
article writes them: transliterations are the article's choice, and translating a surname
("Rossi" -> "Reds") is the worst mistake a names list can make.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from summarize.lexicon.exonyms import EXONYM_TABLE, LANGUAGES
from summarize.records import Mentions, Name, Translation

_EXONYMS: dict[str, dict[str, str]] = {}

# A model "translation" of a name that runs this much longer than the name is a sentence
# the model made up around it ("Farnesina" -> "The Farnesina said that..."); we keep the
# Italian then. Four times the characters plus ten leaves room for "Cgil" -> "CGIL trade
# union" and "Guardia di Finanza" -> "Financial Police".
_MAX_GROWTH, _MAX_EXTRA = 4, 10
_TRAILING = re.compile(r"[\s.;:,!?]+$")


def _load() -> None:
    for line in EXONYM_TABLE.strip().splitlines():
        italian, *cells = line.split("|")
        row = _EXONYMS.setdefault(italian, {})
        for lang, cell in zip(LANGUAGES, cells, strict=True):
            if cell:
                row[lang] = italian if cell == "=" else cell


def exonym(name: str, lang: str) -> str | None:
    """``name`` (a canonical Italian gazetteer name) in ``lang``; None when unknown."""
    if lang == "it":
        return name
    return _EXONYMS.get(name, {}).get(lang)


def names_to_translate(mentions: Mentions, lang: str) -> list[str]:
    """The places and organisations the exonym table cannot name in ``lang``."""
    if lang == "it":
        return []
    return [n for n in (*mentions.places, *mentions.organisations) if exonym(n, lang) is None]


def local_names(
    mentions: Mentions, lang: str, translations: Mapping[str, Translation] | None
) -> dict[str, Name]:
    """Every mentioned name as the reader of ``lang`` reads it, keyed by the Italian name."""
    names = {person: Name(person, person) for person in mentions.people}
    for name in (*mentions.places, *mentions.organisations):
        known = exonym(name, lang)
        if known is not None:
            names[name] = Name(name, known, "as written" if lang == "it" else "gazetteer")
            continue
        found = (translations or {}).get(name)
        text = _TRAILING.sub("", found.text.strip()) if found is not None else ""
        if text and text != name and len(text) <= _MAX_GROWTH * len(name) + _MAX_EXTRA:
            names[name] = Name(name, text, "model")
        else:
            names[name] = Name(name, name)
    return names


_load()
