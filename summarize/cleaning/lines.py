"""Per-line features and furniture classification of the text pass.

Every line gets features (length, final punctuation, share of function words) and,
from its shape and vocabulary, either metadata (byline, date) or a furniture reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarize.cleaning.cues import (
    BARE_NUMBER,
    BROWSER,
    BULLET,
    BYLINE,
    BYLINE_GENERIC,
    COMMENTS,
    COMPANY_SUFFIX,
    CONSENT,
    COOKIE,
    COPYRIGHT_NAME,
    CREDIT_GROUP,
    CREDIT_INLINE,
    CREDIT_PAREN,
    CREDIT_START,
    DATE_FILLER,
    DATE_ISO,
    DATE_NUMERIC,
    DATE_TEXT,
    GALLERY_COUNTER,
    HANDLE,
    LEGAL,
    META_SEPARATORS,
    NAME_STOP,
    NAME_TOKEN,
    NO_WORD,
    PROMPT,
    PUBLISHED,
    READING_TIME,
    REASON_BROWSER,
    REASON_COMMENTS,
    REASON_COOKIE,
    REASON_CREDIT,
    REASON_HANDLE,
    REASON_IMAGE,
    REASON_LEGAL,
    REASON_LINK_LIST,
    REASON_MENU,
    REASON_PROMPT,
    REASON_READING,
    REASON_RELATED,
    REASON_RULE,
    REASON_SCORES,
    REASON_SHARE,
    REASON_SOCIAL,
    REASON_SPONSORED,
    REASON_TAGS,
    RELATED_CUE,
    SCORE_LINE,
    SECTION_SLASH,
    SEPARATORS,
    SHARE_WORDS,
    SPONSORED,
    TAG_LIST,
    TERMINAL,
    TIME,
    TIMESTAMP_HEADLINE,
    WEAK_CUES,
)
from summarize.cleaning.options import CleanOptions
from summarize.cleaning.text import RawLine
from summarize.language.detect import words
from summarize.language.words import LETTERS, count_tokens, word_key
from summarize.lexicon.calendar import ITALIAN_MONTHS


@dataclass
class Line:
    text: str
    key: str
    words: int
    terminal: bool
    stop_ratio: float
    reason: str | None = None
    meta: list[tuple[str, str]] = field(default_factory=list)

    @property
    def free(self) -> bool:
        """Neither dropped on its own nor a metadata line: may still be article text."""
        return self.reason is None and not self.meta


def features(raw: RawLine, stopwords: frozenset[str]) -> Line:
    text = raw.text
    letters = stops = 0
    for match in LETTERS.finditer(text.replace("’", "'")):  # counted, never listed
        letters += 1
        stops += match.group().lower() in stopwords
    ratio = stops / letters if letters else 0.0
    key = word_key(BULLET.sub("", text))
    line = Line(text, key, count_tokens(text), bool(TERMINAL.search(text)), ratio)
    if raw.image:
        line.reason = REASON_IMAGE
    return line


def is_prose(line: Line, opts: CleanOptions) -> bool:
    if line.stop_ratio < opts.min_stopword_ratio:
        return False
    if line.words >= opts.unterminated_prose_words:
        return True
    return line.terminal and line.words >= opts.prose_min_words


def is_sentence(line: Line, opts: CleanOptions) -> bool:
    """A short punctuated sentence with function words: a one-line paragraph or a question."""
    return (
        line.terminal
        and line.words >= 3
        and line.stop_ratio >= opts.min_stopword_ratio
        and not BULLET.match(line.text)
    )


# --- metadata -------------------------------------------------------------------------


def parse_date(text: str) -> str | None:
    """ISO date from Italian, numeric or ISO forms; None when there is none."""
    for regex, order in ((DATE_TEXT, "dmy"), (DATE_ISO, "ymd"), (DATE_NUMERIC, "dmy")):
        match = regex.search(text)
        if not match:
            continue
        a, b, c = match.groups()
        if order == "ymd":
            year, month, day = int(a), int(b), int(c)
        else:
            day, year = int(a), int(c)
            month = int(b) if b.isdigit() else ITALIAN_MONTHS[b.lower()]
        if 1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2100:
            return f"{year:04d}-{month:02d}-{day:02d}"
    return None


def date_of(text: str) -> str | None:
    """The date of a line that only says when the article was published or updated."""
    if count_tokens(text) > 14:
        return None
    date = parse_date(text)
    if date is None:
        return None
    if PUBLISHED.match(text):
        return date
    rest = DATE_ISO.sub(" ", DATE_NUMERIC.sub(" ", DATE_TEXT.sub(" ", text)))
    rest = DATE_FILLER.sub(" ", TIME.sub(" ", READING_TIME.sub(" ", rest)))
    leftover = [t for t in words(rest) if t not in ITALIAN_MONTHS]
    return date if len(leftover) <= 1 else None


def name(text: str) -> str | None:
    """``Mario Rossi`` or ``Paolo Neri e Chiara Galli`` -> itself; anything else -> None."""
    text = text.strip(" .,;:-–")
    if not text or count_tokens(text) > 8:
        return None
    for part in re.split(r"\s+(?:e|and|con)\s+|\s*,\s*", text):
        tokens = part.split()
        if not 2 <= len(tokens) <= 4 or not all(NAME_TOKEN.match(t) for t in tokens):
            return None
        if not tokens[0][0].isupper():
            return None
    return text


def metadata(text: str) -> list[tuple[str, str]]:
    """Byline and date parts of a line made only of them ("Di Mario Rossi · 3 marzo 2024")."""
    whole = date_of(text)
    if whole is not None:
        return [("date", whole)]
    found: list[tuple[str, str]] = []
    for part in META_SEPARATORS.split(text):
        part = part.strip(" ()")
        if not part or TIME.fullmatch(part):
            continue
        date = date_of(part)
        byline = BYLINE.match(part)
        author = name(byline.group("name")) if byline else None
        if date is not None:
            found.append(("date", date))
        elif author is not None:
            found.append(("author", author))
        elif BYLINE_GENERIC.match(part) and len(part.split()) <= 8:
            found.append(("byline", part))
        else:
            return []
    return found


def site_from_copyright(text: str) -> str | None:
    for match in COPYRIGHT_NAME.finditer(text):
        name = NAME_STOP.sub("", match.group("name"))
        name = COMPANY_SUFFIX.sub("", name.strip(" .-–|"))
        name = re.sub(r"\s+(?:di|del|della|e|&)$", "", name).strip()
        if name and not name.isdigit() and name.lower() != "copyright":
            return name
    return None


def is_city_line(line: Line) -> bool:
    """``ROMA`` or ``Milano`` alone: the dateline city between a byline and its date."""
    return line.words <= 2 and line.text.replace(" ", "").isalpha() and line.text[0].isupper()


# --- per-line classification ----------------------------------------------------------


def is_share_line(line: Line) -> bool:
    tokens = line.text.lower().replace("-", " ").split()
    return bool(tokens) and all(t.strip(".:|·") in SHARE_WORDS for t in tokens)


def is_menu_line(line: Line) -> bool:
    parts = [p for p in SEPARATORS.split(line.text) if p and p.strip()]
    if line.text == "|":
        return True
    if len(parts) < 2 or line.words > 15:
        return False
    return all(len(p.split()) <= 4 for p in parts)


def flag(line: Line, opts: CleanOptions) -> str | None:
    """The furniture reason of a line judged on its own, or None."""
    text, n = line.text, line.words
    long_prose = n >= opts.unterminated_prose_words and line.stop_ratio >= opts.min_stopword_ratio
    short = n <= opts.short_cue_max_words
    prose = is_prose(line, opts)
    if NO_WORD.match(text):
        return REASON_RULE
    if LEGAL.search(text) and not long_prose:
        return REASON_LEGAL
    if COOKIE.search(text) and (short or CONSENT.search(text)):
        return REASON_COOKIE
    if PROMPT.search(text) and not long_prose:
        return REASON_PROMPT
    if COMMENTS.search(text) and short:
        return REASON_COMMENTS
    if SPONSORED.search(text) and short:
        return REASON_SPONSORED
    if RELATED_CUE.match(text) and not prose:
        return REASON_RELATED
    if TAG_LIST.match(text):
        return REASON_TAGS
    if SECTION_SLASH.match(text) and not line.terminal:
        return REASON_LINK_LIST
    if BROWSER.search(text) and not long_prose:
        return REASON_BROWSER
    if SCORE_LINE.match(text) and n <= 12:
        return REASON_SCORES
    if TIMESTAMP_HEADLINE.match(text) and not prose:
        return REASON_LINK_LIST
    if BARE_NUMBER.match(text):
        return REASON_LINK_LIST
    if (
        n <= 30
        and not line.terminal
        and (
            CREDIT_PAREN.search(text)
            or CREDIT_INLINE.search(text)
            or "©" in text
            or (CREDIT_GROUP.search(text) and len(text[: text.rfind("(")].split()) >= 5)
        )
    ):
        return REASON_CREDIT
    if n <= 15 and CREDIT_START.match(text) and not line.terminal:
        return REASON_CREDIT
    if n <= 12 and not line.terminal and HANDLE.search(text):
        return REASON_HANDLE if n == 1 else REASON_SOCIAL
    if is_share_line(line):
        return REASON_SHARE
    if short and not line.terminal and READING_TIME.search(text):
        return REASON_READING
    if not line.terminal and is_menu_line(line):
        return REASON_MENU
    if short and not line.terminal:
        for regex, reason in WEAK_CUES:
            if regex.search(text):
                return reason
    return None


def classify(lines: list[Line], opts: CleanOptions) -> None:
    """Set each line's metadata or furniture reason, from the line and its neighbours."""
    for line in lines:
        if line.reason is None:
            line.meta = metadata(line.text)
            if not line.meta:
                line.reason = flag(line, opts)
    # The line after a gallery counter ("Foto 3 di 12") is that photo's caption.
    for pos, line in enumerate(lines[:-1]):
        after = lines[pos + 1]
        if (
            GALLERY_COUNTER.match(line.text)
            and after.free
            and after.words <= opts.caption_max_words
        ):
            after.reason = REASON_CREDIT
    # A bare name just above a date (a handle or a dateline city between) is a byline.
    for pos, line in enumerate(lines):
        if not any(kind == "date" for kind, _ in line.meta):
            continue
        for back in range(pos - 1, max(-1, pos - 4), -1):
            prev = lines[back]
            if prev.free and name(prev.text):
                prev.meta = [("name", prev.text)]
                break
            if prev.reason != REASON_HANDLE and not is_city_line(prev):
                break
