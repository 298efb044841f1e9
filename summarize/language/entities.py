"""People, places and organisations an article mentions, found without a model.

Precision matters more than recall here: the lists are printed as "people/places
mentioned" and merged into the digest's who's who, where a wrong person is worse than
a missing one. So a place or an organisation must be in the built-in gazetteer, and a
person needs a name shape (two or three capitalised words) plus evidence: a known
first name, a role just before it ("il ministro della Difesa russo Andrei Belousov"),
or the surname recurring on its own. A lone surname only counts after a role
("il generale Ryder") or when it matches a full name found elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from summarize.language.segment import split_sentences
from summarize.language.words import light_stem
from summarize.lexicon.abbreviations import SENTENCE_OPENERS
from summarize.lexicon.gazetteer import (
    AMBIGUOUS_AT_START,
    COUNTRY_TABLE,
    ORGANISATION_TABLE,
    OTHER_PLACES,
)
from summarize.lexicon.names import (
    ELISIONS,
    ELISIONS_AT_START,
    FIRST_NAMES,
    MEDIA_WORDS,
    NOT_NAMES,
    ORG_HEADS,
    PARTICLES,
    RELATIONAL_CUES,
    ROLE_FILLERS,
    ROLE_JOINERS,
    ROLES,
)
from summarize.records import Article, Mentions

__all__ = [
    "COUNTRY_OF",
    "ORGANISATIONS",
    "PLACES",
    "mentions",
]


# How many words may separate a role from a full name (a single surname must follow
# its role directly, or with only a nationality in between). Six covers the longest
# role phrases in the seeds ("capo dello Stato maggiore congiunto") with one to spare.
ROLE_WINDOW = 6


def _key(name: str) -> tuple[str, ...]:
    return tuple(t.lower for t in _tokenise(name) if t.word)


PLACES: dict[tuple[str, ...], str] = {}
"""Token keys (lower case, elisions dropped) -> canonical place name."""
COUNTRY_OF: dict[str, str] = {}
"""Capital, institution or demonym stem -> the country it stands for in news prose."""
ORGANISATIONS: dict[tuple[str, ...], str] = {}


def _build_gazetteer() -> None:
    for line in COUNTRY_TABLE.strip().splitlines():
        country, capital, demonyms, aliases = line.split("|")
        PLACES[_key(country)] = country
        for alias in filter(None, aliases.split(",")):
            PLACES[_key(alias)] = country
        if capital:
            PLACES[_key(capital)] = capital
            COUNTRY_OF[capital.lower()] = country
        for stem in demonyms.split():
            COUNTRY_OF[stem] = country
    for entry in OTHER_PLACES.replace("\n", " ").split(","):
        names = [name.strip() for name in entry.split("|")]
        for name in names:
            PLACES.setdefault(_key(name), names[0])
    for line in ORGANISATION_TABLE.strip().splitlines():
        canonical, aliases, country = line.split("|")
        for name in [canonical, *filter(None, aliases.split(","))]:
            ORGANISATIONS[_key(name)] = canonical
        if country:
            COUNTRY_OF[canonical.lower()] = country


# --- tokens ------------------------------------------------------------------------------
_TOKEN = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)*(?:-[^\W\d_]+)*|\d+(?:[.,]\d+)*|\S")
_NAME_SHAPE = re.compile(r"^[^\W\d_a-zà-ÿ][a-zà-ÿ]+(?:[-’'][^\W\d_][a-zà-ÿ]+)*$")


@dataclass(frozen=True)
class _Token:
    text: str
    lower: str
    start: int
    end: int
    word: bool
    cap: bool
    initial: bool
    elided: str = ""


def _tokenise(sentence: str) -> list[_Token]:
    tokens: list[_Token] = []
    seen_word = False
    for match in _TOKEN.finditer(sentence):
        text, start = match.group(), match.start()
        word = text[0].isalpha()
        elided = ""
        parts = re.split(r"[’']", text, maxsplit=1)
        if word and len(parts) == 2 and parts[1]:
            head = parts[0]
            if (head.islower() and head in ELISIONS) or (
                not seen_word and head.lower() in ELISIONS_AT_START
            ):
                elided = head.lower()
                start += len(head) + 1
                text = parts[1]
        tokens.append(
            _Token(
                text=text,
                lower=text.lower(),
                start=start,
                end=match.end(),
                word=word,
                cap=word and text[0].isupper(),
                initial=word and not seen_word,
                elided=elided,
            )
        )
        seen_word = seen_word or word
    return tokens


# --- finding names -----------------------------------------------------------------------
@dataclass
class _Tally:
    count: int = 0
    first: int = 0


@dataclass
class _Found:
    places: dict[str, _Tally] = field(default_factory=dict)
    organisations: dict[str, _Tally] = field(default_factory=dict)
    people: dict[str, _Tally] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    # lone capitalised words, and lone words right after a role
    singles: list[tuple[str, int]] = field(default_factory=list)
    cued_singles: list[tuple[str, int, str]] = field(default_factory=list)


def _add(table: dict[str, _Tally], name: str, order: int) -> None:
    tally = table.get(name)
    if tally is None:
        table[name] = _Tally(1, order)
    else:
        tally.count += 1


def mentions(article: Article) -> Mentions:
    """People, places and organisations named in the title and body of ``article``."""
    sentences: list[str] = []
    for text in (article.title, *article.body_lines()):
        sentences.extend(split_sentences(text))
    tokenised = [_tokenise(s) for s in sentences]
    recurring = {t.text for toks in tokenised for t in toks if t.cap and not t.initial}
    lone = {
        toks[i].text
        for toks in tokenised
        for i in range(len(toks))
        if toks[i].cap
        and not toks[i].initial
        and not (i > 0 and toks[i - 1].cap)
        and not (i + 1 < len(toks) and toks[i + 1].cap)
    }
    found = _Found()
    order = 0
    for sentence, tokens in zip(sentences, tokenised, strict=True):
        order = _scan(sentence, tokens, recurring, lone, found, order)
    return _resolve(found)


def _scan(
    sentence: str,
    tokens: list[_Token],
    recurring: set[str],
    lone: set[str],
    found: _Found,
    order: int,
) -> int:
    used = [False] * len(tokens)
    i = 0
    while i < len(tokens):
        hit = _gazetteer_hit(tokens, i)
        if hit is None:
            i += 1
            continue
        length, kind, name = hit
        table = found.places if kind == "place" else found.organisations
        _add(table, name, order + i)
        for k in range(i, i + length):
            used[k] = True
        i += length
    for run in _runs(tokens, used, recurring):
        _classify(sentence, tokens, run, lone, found, order)
    return order + len(tokens)


def _gazetteer_hit(tokens: list[_Token], i: int) -> tuple[int, str, str] | None:
    token = tokens[i]
    if not token.cap:
        return None
    if token.initial and token.lower in AMBIGUOUS_AT_START:
        return None
    # "George Washington": a first name before a place makes it a person.
    if i > 0 and tokens[i - 1].text in FIRST_NAMES and token.lower in {"washington", "jordan"}:
        return None
    words = [t.lower if t.word else None for t in tokens[i : i + 5]]
    for length in range(min(5, len(words)), 0, -1):
        key = tuple(words[:length])
        if None in key:
            continue
        if i + length < len(tokens) and tokens[i + length].text in MEDIA_WORDS:
            return None
        if key in ORGANISATIONS:
            return length, "organisation", ORGANISATIONS[key]
        if key in PLACES:
            return length, "place", PLACES[key]
    return None


def _runs(tokens: list[_Token], used: list[bool], recurring: set[str]) -> Iterable[list[int]]:
    """Maximal sequences of capitalised words, joined by name particles ("Leonardo da
    Vinci") or by an elided "d'" ("Banca d'Italia")."""
    run: list[int] = []
    for i, token in enumerate(tokens):
        if used[i] or not token.cap:
            after = i + 1
            while after < len(tokens) and tokens[after].lower in PARTICLES:
                after += 1
            joins = (
                run
                and not used[i]
                and token.lower in PARTICLES
                and after < len(tokens)
                and tokens[after].cap
                and not used[after]
            )
            if joins:
                run.append(i)
            elif run:
                yield _trim(tokens, run, recurring)
                run = []
            continue
        if run and token.elided and token.elided != "d":
            yield _trim(tokens, run, recurring)
            run = []
        run.append(i)
    if run:
        yield _trim(tokens, run, recurring)


def _trim(tokens: list[_Token], run: list[int], recurring: set[str]) -> list[int]:
    """Drop leading words that are capitalised only because they open a sentence."""
    while run:
        first = tokens[run[0]]
        if (
            first.lower in SENTENCE_OPENERS
            or first.lower in PARTICLES
            or (
                first.initial
                and first.text not in recurring
                and not (first.text in FIRST_NAMES and len(run) > 1)
            )
        ):
            run = run[1:]
        else:
            break
    while run and tokens[run[-1]].lower in PARTICLES:
        run = run[:-1]
    return run


def _classify(
    sentence: str,
    tokens: list[_Token],
    run: list[int],
    lone: set[str],
    found: _Found,
    order: int,
) -> None:
    if not run:
        return
    names = [tokens[k] for k in run if tokens[k].lower not in PARTICLES]
    text = sentence[tokens[run[0]].start : tokens[run[-1]].end]
    position = order + run[0]
    if names[0].text in ORG_HEADS and len(run) >= 2:
        _add(found.organisations, text, position)
        return
    # "Repubblica Sergio Mattarella", "premio Pulitzer Nathan Thrall": the name is the tail.
    while len(run) > 1 and (
        tokens[run[0]].text in NOT_NAMES
        or tokens[run[0]].lower in PARTICLES
        or (
            any(tokens[k].text in FIRST_NAMES for k in run[1:-1])
            and tokens[run[0]].text not in FIRST_NAMES
        )
    ):
        run = run[1:]
    names = [tokens[k] for k in run if tokens[k].lower not in PARTICLES]
    text = sentence[tokens[run[0]].start : tokens[run[-1]].end]
    position = order + run[0]
    if not all(_NAME_SHAPE.match(t.text) and t.text not in NOT_NAMES for t in names):
        return
    if len(names) == 1:
        cue = _role_before(tokens, run[0], strict=True)
        if cue is not None:
            found.cued_singles.append((names[0].text, position, cue))
        else:
            found.singles.append((names[0].text, position))
        return
    if len(names) > 3:
        return
    cue = _role_before(tokens, run[0], strict=False)
    if names[0].text in FIRST_NAMES or cue is not None or names[-1].text in lone:
        _add(found.people, text, position)
        if cue:
            found.roles.setdefault(text, cue)


def _role_before(tokens: list[_Token], start: int, *, strict: bool) -> str | None:
    """The role phrase that introduces the name at ``start``, '' for a bare cue, or None."""
    gap = 0
    k = start - 1
    while k >= 0 and gap <= ROLE_WINDOW:
        token = tokens[k]
        lower = token.lower
        if lower in ROLES or lower in RELATIONAL_CUES:
            if lower in RELATIONAL_CUES:
                return ""
            while k > 0 and tokens[k - 1].lower in ROLES:
                k -= 1
            return _join([t for t in tokens[k:start] if t.text != "."])
        if token.text == "." and k > 0 and tokens[k - 1].lower in ROLES:
            k -= 1
            continue
        allowed = light_stem(lower) in COUNTRY_OF or (
            not strict and (token.cap or lower in ROLE_FILLERS or lower in ROLE_JOINERS)
        )
        if not token.word or not allowed:
            return None
        gap += 1
        k -= 1
    return None


def _join(tokens: list[_Token]) -> str:
    parts = [tokens[0].text]
    for t in tokens[1:]:
        parts.append(f"{t.elided}’{t.text}" if t.elided else t.text)
    return " ".join(parts)


def _resolve(found: _Found) -> Mentions:
    people = found.people
    by_surname: dict[str, list[str]] = {}
    for name in people:
        by_surname.setdefault(name.split()[-1], []).append(name)

    def owner(surname: str) -> str | None:
        names = by_surname.get(surname)
        if not names:
            return None
        return max(names, key=lambda n: (people[n].count, -people[n].first))

    for surname, position, cue in found.cued_singles:
        name = owner(surname)
        if name is None:
            _add(people, surname, position)
            by_surname.setdefault(surname, []).append(surname)
            name = surname
        else:
            people[name].count += 1
            people[name].first = min(people[name].first, position)
        if cue:
            found.roles.setdefault(name, cue)
    for surname, position in found.singles:
        name = owner(surname)
        if name is not None:
            people[name].count += 1
            people[name].first = min(people[name].first, position)

    def ranked(table: dict[str, _Tally]) -> list[str]:
        return [n for n, _ in sorted(table.items(), key=lambda x: (-x[1].count, x[1].first))]

    person_list = ranked(people)
    return Mentions(
        people=person_list,
        places=ranked(found.places),
        organisations=ranked(found.organisations),
        roles={p: found.roles[p] for p in person_list if found.roles.get(p)},
    )


_build_gazetteer()
