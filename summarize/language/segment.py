"""Italian sentence segmentation for news prose.

A sentence boundary is only ever placed on whitespace that follows ``.``, ``!``, ``?``
or an ellipsis (plus any closing quotes or brackets), or on a line break between two
paragraphs. Splitting on whitespace alone means no character of the text is lost:
joining the sentences with spaces gives back the same words.

Whether a candidate boundary is real depends on the token before the punctuation
(an abbreviation, an initial, an ordinary word) and on how the next token starts
(upper case, lower case, a digit, an opening quote). Abbreviations live in named
tables (``lexicon.abbreviations``) so that a new one is a one-line change.
"""

from __future__ import annotations

import re

from summarize.lexicon.abbreviations import (
    ABBREVIATIONS_MAYBE_FINAL,
    ABBREVIATIONS_NEVER_FINAL,
    ABBREVIATIONS_OFTEN_FINAL,
    SENTENCE_OPENERS,
)

__all__ = [
    "split_paragraphs",
    "split_sentences",
]

_ELISIONS = ("l", "un", "dell", "all", "nell", "sull", "dall", "quest", "quell")

_CLOSERS = "”»\"’')]"
_OPENERS = "“«\"'‘([—–-"
# Only the first mark of a run starts a candidate (the lookbehind): a long run of dots
# is tried once, not once per dot.
_CANDIDATE = re.compile(r"(?<![.!?…])([.!?…]+)([" + re.escape(_CLOSERS) + r"]*)(?=\s|$)")
_QUOTE_PAIRS = {"“": "”", "«": "»"}
_QUOTE_CLOSER = {**_QUOTE_PAIRS, '"': '"'}
# The openers still worth looking for, given the closers known to be absent further on.
_QUOTE_OPENINGS = {
    frozenset(absent): re.compile(
        "[" + "".join(o for o, c in _QUOTE_CLOSER.items() if c not in absent) + "]"
        if len(absent) < len(_QUOTE_CLOSER)
        else "(?!)"
    )
    for absent in (
        set(),
        {"”"}, {"»"}, {'"'},
        {"”", "»"}, {"”", '"'}, {"»", '"'},
        {"”", "»", '"'},
    )
}  # fmt: skip
_DOTTED_ACRONYM = re.compile(r"^(?:[^\W\d_]\.){2,}$")
_SINGLE_LETTER = re.compile(r"^[^\W\d_]\.$")
# Matched at a position (``_SPEECH.match(text, pos)``), so it has no ``^``.
_SPEECH = re.compile(
    r"(?:(?:ha|hanno|aveva|avevano|avrebbe|avrebbero)\s+(?:\w+\s+)?"
    r"(?:detto|dichiarato|aggiunto|spiegato|precisato|affermato|sottolineato|concluso"
    r"|commentato|ribadito|osservato|ricordato|scritto|annunciato|replicato|risposto"
    r"|chiarito|evidenziato|rimarcato|avvertito|spiegato|raccontato|confermato)"
    r"|(?:dice|dicono|spiega|aggiunge|afferma|dichiara|commenta|conclude|sottolinea"
    r"|precisa|osserva|ricorda|prosegue|continua|scrive|replica|risponde|ribadisce"
    r"|chiarisce|avverte|racconta|conferma))\b",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s*")
_OPENERS_AND_BLANKS = re.compile("[" + re.escape(_OPENERS) + r" \t]*")
_TOKEN = re.compile(r"\s*(\S*)")

# A quote embedded in a longer sentence («Siamo pronti. Non ci fermeremo», ha detto)
# is kept whole when it is at most this long; longer quotes are split inside like
# prose. 400 characters is about three news sentences.
MAX_EMBEDDED_QUOTE_CHARS = 400

# Hard-wrapped text: lines of similar width. A block counts as wrapped when at least
# this share of its non-final lines is at least WRAP_MIN_RATIO of the longest line.
# 0.8 and 0.7 tolerate ragged right margins of wrapped e-mails and plain-text dumps
# while a page of one-line paragraphs (widths all over the place) stays unwrapped.
WRAP_SHARE = 0.8
WRAP_MIN_RATIO = 0.7
WRAP_MIN_LINES = 3


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text``, stripped, never empty, in order, with no word lost."""
    sentences: list[str] = []
    for paragraph in _paragraphs(text):
        sentences.extend(_split_paragraph(paragraph))
    return sentences


def split_paragraphs(lines: list[str]) -> list[list[str]]:
    """The sentences of each line, one list per input line (empty for a blank line)."""
    return [split_sentences(line) for line in lines]


def _paragraphs(text: str) -> list[str]:
    """Blank lines always separate paragraphs; single line breaks only when not wrapped."""
    paragraphs: list[str] = []
    for block in re.split(r"\n[ \t\r\f\v]*\n", text):
        lines = [line.strip() for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        if _looks_wrapped(lines):
            paragraphs.append(" ".join(lines))
            continue
        current = [lines[0]]
        for line in lines[1:]:
            # The joined paragraph ends as its last line does, so only that line is looked at.
            if _continues(current[-1], line):
                current.append(line)
            else:
                paragraphs.append(" ".join(current))
                current = [line]
        paragraphs.append(" ".join(current))
    return paragraphs


def _looks_wrapped(lines: list[str]) -> bool:
    if len(lines) < WRAP_MIN_LINES:
        return False
    widths = [len(line) for line in lines[:-1]]
    widest = max(widths)
    full = sum(1 for w in widths if w >= WRAP_MIN_RATIO * widest)
    return full >= WRAP_SHARE * len(widths)


def _continues(previous: str, line: str) -> bool:
    """A line break inside a sentence: the next line cannot start a sentence on its own."""
    if previous.endswith((",", ";", ":", "(", "-", "–")) and not previous.endswith(" -"):
        return True
    first = line[0]
    if first.islower():
        return True
    last = previous.rsplit(None, 1)[-1]
    return _abbreviation_class(last) == "never"


def _split_paragraph(paragraph: str) -> list[str]:
    """One pass over the candidates; each looks only at its neighbouring words
    (copying the rest of the paragraph at every candidate made a 2 MB line take 28 s)."""
    quotes = _embedded_quotes(paragraph)
    sentences: list[str] = []
    start = 0
    text_end = len(paragraph.rstrip())
    quote = 0  # quotes are in order and disjoint, like the candidates
    for match in _CANDIDATE.finditer(paragraph):
        end = match.end()
        if end >= text_end:
            break
        while quote < len(quotes) and quotes[quote][1] < end:
            quote += 1
        if quote < len(quotes) and quotes[quote][0] < match.start():
            continue
        if _is_boundary(paragraph, match):
            piece = paragraph[start:end].strip()
            if piece:
                sentences.append(piece)
            start = end
    piece = paragraph[start:].strip()
    if piece:
        sentences.append(piece)
    return sentences


def _embedded_quotes(paragraph: str) -> list[tuple[int, int]]:
    """Spans (opening index, closing index) of quotes that a longer sentence continues."""
    spans: list[tuple[int, int]] = []
    absent: frozenset[str] = frozenset()  # closers not found again: skip their openers
    i = 0
    while (found := _QUOTE_OPENINGS[absent].search(paragraph, i)) is not None:
        i = found.start()
        closer = _QUOTE_CLOSER[found.group()]
        j = paragraph.find(closer, i + 1)
        if j < 0:
            absent |= {closer}
            i += 1
            continue
        k = _SPACES.match(paragraph, j + 1).end()
        continued = k < len(paragraph) and (
            paragraph[k] in ",;"
            or paragraph[k].islower()
            or _SPEECH.match(paragraph, k) is not None
        )
        if continued and j - i <= MAX_EMBEDDED_QUOTE_CHARS:
            spans.append((i, j))
        i = j + 1
    return spans


def _is_boundary(paragraph: str, match: re.Match[str]) -> bool:
    punct, closers = match.group(1), match.group(2)
    after = _SPACES.match(paragraph, match.end()).end()
    stripped = _OPENERS_AND_BLANKS.match(paragraph, after).end()
    opens_quote = stripped != after
    bare = _TOKEN.match(paragraph, stripped).group(1)
    first = bare[:1]
    if not first or first.islower():
        return False
    if closers and _SPEECH.match(paragraph, after):
        return False
    if "?" in punct or "!" in punct:
        return True
    before = _word_before(paragraph, match.start())
    if "…" in punct or ".." in punct:
        if before.endswith(("[", "(")):
            return False
        return first.isupper() or opens_quote
    word = before.lstrip(_OPENERS).rstrip(_CLOSERS)
    # After a closing quote ("... impunite”. Il") the word is prose, not an abbreviation.
    quoted = bool(closers) or word != before.lstrip(_OPENERS)
    kind = "word" if quoted else _abbreviation_class(word + ".")
    if first.isdigit():
        return kind == "word" and not any(c.isdigit() for c in word)
    if kind == "never":
        return False
    if kind == "often":
        return True
    if kind == "maybe":
        return opens_quote or _is_opener(bare)
    return True


def _word_before(text: str, end: int) -> str:
    """The whitespace-delimited word ending at ``end``. A candidate is always followed by
    whitespace, so the backward scans of all candidates together read the text once."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    if start == end:  # whitespace right before: the word before that, as rsplit gives it
        stop = end
        while stop > 0 and text[stop - 1].isspace():
            stop -= 1
        return _word_before(text, stop) if stop else ""
    return text[start:end]


def _abbreviation_class(token: str) -> str:
    """'never', 'often', 'maybe' (ends a sentence or not) or 'word' for a plain word."""
    if not token.endswith("."):
        return "word"
    token = re.split(r"[’']", token.lstrip(_OPENERS))[-1]
    lower = token.lower()
    if _SINGLE_LETTER.match(token):
        return "maybe"
    if lower in ABBREVIATIONS_NEVER_FINAL:
        return "never"
    if lower in ABBREVIATIONS_OFTEN_FINAL:
        return "often"
    if lower in ABBREVIATIONS_MAYBE_FINAL or _DOTTED_ACRONYM.match(token):
        return "maybe"
    return "word"


def _is_opener(word: str) -> bool:
    word = word.rstrip(",;:")
    for mark in ("’", "'"):
        if mark in word:
            head = word.split(mark, 1)[0].lower()
            return head in _ELISIONS
    return word.lower() in SENTENCE_OPENERS and not word.endswith(".")
