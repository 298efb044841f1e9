"""Italian sentence segmentation for news prose.

A sentence boundary is only ever placed on whitespace that follows ``.``, ``!``, ``?``
or an ellipsis (plus any closing quotes or brackets), or on a line break between two
paragraphs. Splitting on whitespace alone means no character of the text is lost:
joining the sentences with spaces gives back the same words.

Whether a candidate boundary is real depends on the token before the punctuation
(an abbreviation, an initial, an ordinary word) and on how the next token starts
(upper case, lower case, a digit, an opening quote). Abbreviations live in named
tables so that a new one is a one-line change.
"""

from __future__ import annotations

import re

__all__ = [
    "ABBREVIATIONS_MAYBE_FINAL",
    "ABBREVIATIONS_NEVER_FINAL",
    "ABBREVIATIONS_OFTEN_FINAL",
    "SENTENCE_OPENERS",
    "split_paragraphs",
    "split_sentences",
]

# Titles and references: a name, a number or a lower-case word always follows, so a
# boundary after them is never real ("il dott. Rossi", "art. 3", "cfr. Rossi 2003").
ABBREVIATIONS_NEVER_FINAL: frozenset[str] = frozenset(
    {
        # titles and roles
        "sig.", "sigg.", "sig.ra", "sig.na", "dott.", "dott.ssa", "dr.", "dott.sa",
        "prof.", "prof.ssa", "avv.", "ing.", "arch.", "geom.", "rag.", "on.", "sen.",
        "mons.", "gen.", "col.", "magg.", "ten.", "cap.", "amm.", "cav.", "comm.",
        "card.", "rev.", "pres.", "segr.", "dir.", "dep.", "mr.", "mrs.", "ms.", "st.",
        "sac.", "fra.", "gr.uff.", "uff.",
        # references inside a text
        "art.", "artt.", "n.", "nn.", "nr.", "num.", "pag.", "pagg.", "pp.", "vol.",
        "voll.", "par.", "fig.", "figg.", "tab.", "cfr.", "ca.", "es.", "p.es.", "ad.es.",
        "vs.", "vd.", "tel.", "lett.", "cod.", "sez.", "cpv.", "all.", "d.lgs.", "dlgs.",
        "d.l.", "d.p.r.", "d.m.", "l.r.", "c.d.", "c.a.", "c.c.", "c.p.", "c.p.c.",
        "c.p.p.", "s.s.", "int.", "loc.", "fraz.", "prov.", "reg.", "circ.", "approx.",
        "max.", "min.", "tot.", "rif.", "pt.", "cit.p.", "ecc.mo", "ill.mo",
    }
)  # fmt: skip

# These often end a sentence; a following capital letter is enough to split
# ("... Fiat S.p.A. Il gruppo", "treni, aerei ecc. Il governo").
ABBREVIATIONS_OFTEN_FINAL: frozenset[str] = frozenset(
    {
        "ecc.", "etc.", "s.p.a.", "s.r.l.", "s.r.l.s.", "s.n.c.", "s.a.s.", "s.a.",
        "s.c.a.r.l.", "s.c.", "inc.", "ltd.", "co.", "corp.", "plc.", "spa.", "srl.",
    }
)  # fmt: skip

# Could end a sentence or precede a name: split only if a typical sentence opener
# follows ("nel 44 a.C. Il senato" vs "a.C. Cesare"). Single letters (initials) and
# dotted acronyms not listed anywhere are treated the same way.
ABBREVIATIONS_MAYBE_FINAL: frozenset[str] = frozenset(
    {
        "a.c.", "d.c.", "jr.", "sr.", "cit.", "op.", "ss.", "seg.", "sgg.", "a.m.",
        "p.m.", "feb.", "mar.", "apr.", "mag.", "giu.", "lug.", "ago.", "set.", "sett.",
        "ott.", "nov.", "dic.", "u.s.a.", "u.s.", "u.k.", "u.e.", "o.n.u.",
    }
)  # fmt: skip

# Capitalised words that almost only appear as the first word of a sentence: after an
# ambiguous abbreviation or an initial, one of these means a new sentence starts.
SENTENCE_OPENERS: frozenset[str] = frozenset(
    {
        "il", "lo", "la", "i", "gli", "le", "l", "un", "uno", "una", "e", "ed", "ma",
        "però", "poi", "anche", "non", "nel", "nello", "nella", "nei", "negli", "nelle",
        "del", "dello", "della", "dei", "degli", "delle", "di", "da", "dal", "dallo",
        "dalla", "dai", "dagli", "dalle", "dopo", "prima", "per", "con", "su", "sul",
        "sullo", "sulla", "sui", "sugli", "sulle", "in", "a", "al", "allo", "alla", "ai",
        "agli", "alle", "questo", "questa", "questi", "queste", "quello", "quella",
        "quelli", "quelle", "secondo", "tra", "fra", "se", "che", "chi", "cosa", "come",
        "quando", "dove", "perché", "perciò", "ci", "si", "mi", "ti", "vi", "ne", "è",
        "era", "sono", "sarà", "oggi", "ieri", "domani", "intanto", "inoltre", "infatti",
        "tuttavia", "quindi", "allora", "così", "ora", "adesso", "già", "mentre",
        "nessuno", "tutti", "tutto", "ogni", "alcuni", "alcune", "molti", "molte",
        "lui", "lei", "loro", "noi", "voi", "io", "sì", "no", "invece", "infine",
        "insomma", "eppure", "anzi", "oltre", "senza", "contro", "verso", "durante",
    }
)  # fmt: skip

_ELISIONS = ("l", "un", "dell", "all", "nell", "sull", "dall", "quest", "quell")

_CLOSERS = "”»\"’')]"
_OPENERS = "“«\"'‘([—–-"
_CANDIDATE = re.compile(r"([.!?…]+)([" + re.escape(_CLOSERS) + r"]*)(?=\s|$)")
_QUOTE_PAIRS = {"“": "”", "«": "»"}
_DOTTED_ACRONYM = re.compile(r"^(?:[^\W\d_]\.){2,}$")
_SINGLE_LETTER = re.compile(r"^[^\W\d_]\.$")
_SPEECH = re.compile(
    r"^(?:(?:ha|hanno|aveva|avevano|avrebbe|avrebbero)\s+(?:\w+\s+)?"
    r"(?:detto|dichiarato|aggiunto|spiegato|precisato|affermato|sottolineato|concluso"
    r"|commentato|ribadito|osservato|ricordato|scritto|annunciato|replicato|risposto"
    r"|chiarito|evidenziato|rimarcato|avvertito|spiegato|raccontato|confermato)"
    r"|(?:dice|dicono|spiega|aggiunge|afferma|dichiara|commenta|conclude|sottolinea"
    r"|precisa|osserva|ricorda|prosegue|continua|scrive|replica|risponde|ribadisce"
    r"|chiarisce|avverte|racconta|conferma))\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?…][" + re.escape(_CLOSERS) + r"]*$")

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
        current = lines[0]
        for line in lines[1:]:
            if _continues(current, line):
                current = f"{current} {line}"
            else:
                paragraphs.append(current)
                current = line
        paragraphs.append(current)
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
    quotes = _embedded_quotes(paragraph)
    sentences: list[str] = []
    start = 0
    for match in _CANDIDATE.finditer(paragraph):
        end = match.end()
        if end >= len(paragraph.rstrip()):
            break
        if any(lo < match.start() and end <= hi for lo, hi in quotes):
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
    i = 0
    while i < len(paragraph):
        char = paragraph[i]
        closer = _QUOTE_PAIRS.get(char, '"' if char == '"' else None)
        if closer is None:
            i += 1
            continue
        j = paragraph.find(closer, i + 1)
        if j < 0:
            i += 1
            continue
        rest = paragraph[j + 1 :].lstrip()
        continued = bool(rest) and (
            rest[0] in ",;" or rest[0].islower() or _SPEECH.match(rest) is not None
        )
        if continued and j - i <= MAX_EMBEDDED_QUOTE_CHARS:
            spans.append((i, j))
        i = j + 1
    return spans


def _is_boundary(paragraph: str, match: re.Match[str]) -> bool:
    punct, closers = match.group(1), match.group(2)
    after = paragraph[match.end() :].lstrip()
    stripped = after.lstrip(_OPENERS + " \t")
    opens_quote = stripped != after
    bare = stripped.split(None, 1)[0] if stripped else ""
    first = bare[:1]
    if not first or first.islower():
        return False
    if closers and _SPEECH.match(after):
        return False
    if "?" in punct or "!" in punct:
        return True
    before = paragraph[: match.start()].rsplit(None, 1)[-1] if match.start() else ""
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


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence-final punctuation (possibly inside a quote)."""
    return _SENTENCE_END.search(text.rstrip()) is not None
