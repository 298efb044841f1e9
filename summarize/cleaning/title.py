"""The title and the lede among the lines before the body: the title model of text
dumps, the case of titles set in capitals, the fallback title."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from summarize.cleaning.cues import BULLET, NO_WORD
from summarize.cleaning.lines import Line
from summarize.cleaning.metadata import title_variants
from summarize.cleaning.options import CleanOptions
from summarize.language.words import LETTERS, word_key
from summarize.lexicon.interface import READER_ADDRESS
from summarize.lexicon.stopwords import ITALIAN_STOPWORDS
from summarize.wording import counted

# --- the title model ----------------------------------------------------------------
#
# A text dump gives no markup, so the title is judged on general evidence. Every free
# line of 2-35 words in the header window that does not end like a sentence is a
# candidate, and gets a score:
#   + TIE_WEIGHT * shared / (content words + 1): how many of its content words the body
#     uses (a headline announces what the article says; banners, share buttons, menus
#     and teasers of other stories share next to nothing with it; the +1 keeps a line
#     with one content word from scoring like a headline of ten),
#   + RESTATED_BONUS when the page prints it again nearby (breadcrumb, alt text),
#   - a length prior: 2-3 words are section names or kickers, over 30 a paragraph,
#   - FRAGMENT_PENALTY when it starts lowercase ("dalla nostra inviata ..."),
#   - CAPTION_PENALTY for the marks of a caption ("(Ansa)", "Il servizio", "Nella foto").
# Lines repeated above the window or inside the body (menus, tables of contents) are
# out. Then page order decides among the good ones (_choose): the earliest
# headline-long candidate within TITLE_MARGIN of the best wins, because pages print the
# headline first and standfirst, captions and bylines under it; a kicker that scores
# best gives way to the headline under it; a standfirst that scores best gives way to
# the shorter line right above it. The weights were set by hand on realdata/pages and
# realdata/titles 01-20 (titles 21-40 held out) and checked on tests/gold.
TIE_WEIGHT = 1.0
TITLE_MARGIN = 0.25
"""How far under the best score an earlier candidate may be and still win."""
MIN_TIE = 0.25
"""Below this share of words shared with the body no line is taken as the title."""
CAPTION_PENALTY = 0.6
SHORT_PENALTY = {2: 0.35, 3: 0.1}
KICKER_MARGIN = 0.35
HINT_REACH = 3
"""How many lines into the body run the metadata's headline is looked for."""
STANDFIRST_MIN_WORDS = 12
UNTIED_TITLE_MIN_WORDS = 6
"""Above a standfirst, a line sharing no word with the body is the title only when it
opens the document (a plain text's headline, not a page's menu) and has this many
words: shorter ones are links ("Vai alla versione web") or kickers."""
STANDFIRST_GAP = 6
"""At most this many lines from the title down to its standfirst (bylines, share
buttons between), none of them another candidate."""
RESTATED_BONUS = 0.3
TITLE_MIN_EARLY = 4
"""Fewer words and a line wins only with the best score, never by coming first."""
LONG_WORDS = 30
LONG_PENALTY = 0.3
FRAGMENT_PENALTY = 0.5
NAME_PENALTY = 0.5
"""A line of a few capitalised words and no headline punctuation is a name: the site's
("Il Venerdì La Repubblica", "Star Wars News Italia"), a section's or a person's."""
NAME_MAX_WORDS = 5
READER_PENALTY = 0.6
"""The interface talking to the reader (a session or paywall message): as a caption."""
OPENING_WORDS = 1500
"""How much of the body the tie is measured on: a long article; keeps the pass linear."""
_CAPTION = re.compile(
    r"\((?:ansa|afp|ap|reuters|lapresse|ipa|getty|imagoeconomica|ag\.?|foto|ph)\b[^)]*\)\s*$"
    r"|^(?:il|nel|nella|nelle|nei)\s+(?:servizio|video|foto|immagine|immagini)\b"
    r"|^(?:in|nella)\s+foto\b|^(?:foto|video|immagine)\s*:",
    re.I,
)


_NAME_WORD = re.compile(r"[^\W\d_][\w’'.-]*")
_HEADLINE_MARKS = re.compile(r"[,:;?!«»\"“”()]|\d")


def name_like(text: str) -> bool:
    """A few words, each capitalised, nothing a headline would punctuate with."""
    found = _NAME_WORD.findall(text)
    return (
        2 <= len(found) <= NAME_MAX_WORDS
        and all(w[:1].isupper() and not w.isupper() for w in found if len(w) > 1)
        and not _HEADLINE_MARKS.search(text)
    )


def addresses_reader(text: str) -> bool:
    return any(w.lower() in READER_ADDRESS for w in _NAME_WORD.findall(text))


def _stem(word: str) -> str:
    """Final vowel off, then six letters: russi/russe, caccia/cacce meet."""
    return (word[:-1] if word[-1] in "aeiouàèéìòù" else word)[:6]


def content_stems(text: str) -> set[str]:
    """Content words, stemmed: enough to match a headline's words to the body's."""
    return {
        _stem(w)
        for w in (m.lower() for m in LETTERS.findall(text) if len(m) >= 4)
        if w not in ITALIAN_STOPWORDS
    }


@dataclass(frozen=True)
class TitleCandidate:
    pos: int
    score: float
    words: int
    marked: bool
    """Bears the marks of a caption or a fragment."""
    worded: bool
    """Reads as words of a sentence (function words or headline punctuation), not a menu."""
    restated: bool
    """The page prints it again nearby (breadcrumb, alt text): a headline's mark."""
    why: str
    stems: frozenset[str] = frozenset()


def _opening(lines: Sequence[Line], start: int, end: int) -> set[str]:
    """Content stems of the body's paragraphs, up to OPENING_WORDS words."""
    stems: set[str] = set()
    count = 0
    for pos in range(start, end + 1):
        if lines[pos].free and lines[pos].words >= 8:
            stems |= content_stems(lines[pos].text)
            count += lines[pos].words
            if count >= OPENING_WORDS:
                break
    return stems


def rank_titles(
    lines: Sequence[Line], start: int, end: int, opts: CleanOptions
) -> list[TitleCandidate]:
    """Scored title candidates before the body, in page order."""
    lo = max(0, start - opts.header_window)
    # A line repeated above the window or (short) inside the body is a menu or a table
    # of contents; repeats inside the window (a breadcrumb, an image's alt text) are the
    # page restating its headline, and repeats after the body are "most read" lists.
    above = Counter(line.key for line in lines[:lo])
    in_body = Counter(line.key for line in lines[start : end + 1])
    opening = _opening(lines, start, end)
    window = [line.key for line in lines[lo:start] if line.free and line.key]
    window_counts = Counter(window)
    found: list[TitleCandidate] = []
    seen: set[str] = set()
    for pos in range(lo, start):
        line = lines[pos]
        text = line.text
        if (
            not line.free
            or not line.key
            or NO_WORD.match(text)
            or not 2 <= line.words <= opts.title_max_words
            or text.endswith((".", ";", ",", ":"))
            or BULLET.match(text)
            or above[line.key]
            # A headline-long line the body repeats is the headline over an embedded
            # video or share box; shorter repeats are menus and tables of contents.
            or (in_body[line.key] and line.words < opts.paired_title_min_words)
            or line.key in seen
        ):
            continue
        seen.add(line.key)
        stems = content_stems(text)
        # One stem in common is weak evidence: the +1 keeps "Tutte le partite" (one
        # content word, found in the body) from outscoring a headline of ten.
        tie = len(stems & opening) / (len(stems) + 1) if stems else 0.0
        score = TIE_WEIGHT * tie
        notes = [f"{len(stems & opening)} of its {counted(len(stems), 'content word')} in the body"]
        if line.words in SHORT_PENALTY:
            score -= SHORT_PENALTY[line.words]
            notes.append(counted(line.words, "word"))
        elif line.words > LONG_WORDS:
            score -= LONG_PENALTY
            notes.append("paragraph-long")
        # The page restating a line near it (a breadcrumb, an image's alt text) is the
        # page restating its headline.
        restated = False
        if line.words >= TITLE_MIN_EARLY and (
            window_counts[line.key] > 1
            or any(k != line.key and line.key in k for k in window if len(k) < 3 * len(line.key))
        ):
            score += RESTATED_BONUS
            notes.append("restated nearby")
            restated = True
        if text[:1].islower():
            score -= FRAGMENT_PENALTY
            notes.append("starts lowercase")
        if _CAPTION.search(text):
            score -= CAPTION_PENALTY
            notes.append("reads as a caption")
        if name_like(text):
            score -= NAME_PENALTY
            notes.append("reads as a name")
        interface = addresses_reader(text)
        if interface:
            score -= READER_PENALTY
            notes.append("addresses the reader")
        marked = bool(_CAPTION.search(text)) or text[:1].islower() or interface or name_like(text)
        worded = line.stop_ratio > 0 or any(mark in text for mark in ",:")
        found.append(
            TitleCandidate(
                pos, score, line.words, marked, worded, restated, ", ".join(notes), frozenset(stems)
            )
        )
    return found


def _choose(found: list[TitleCandidate]) -> TitleCandidate | None:
    usable = [c for c in found if c.score >= MIN_TIE]
    if not usable:
        return None
    best = max(usable, key=lambda c: c.score)
    if best.words < TITLE_MIN_EARLY:
        # A kicker ("Elezioni regionali") shares all of its few words with the body;
        # the headline under it, a few more words, shares most of them.
        longer = [c for c in usable if c.words >= TITLE_MIN_EARLY and c.pos > best.pos]
        near = [c for c in longer if c.score >= best.score - KICKER_MARGIN]
        if near:
            best = max(near, key=lambda c: c.score)
    # Kickers and section names (under title_min_words) sit above titles the way
    # titles sit above standfirsts: only a headline-long line may win by coming first.
    chosen = next(
        c
        for c in usable
        if c is best or (c.score >= best.score - TITLE_MARGIN and c.words >= TITLE_MIN_EARLY)
    )
    # A standfirst echoes the body more than the headline above it does: a shorter
    # headline-long line right above the winner is the title, the winner its standfirst.
    # The line above needs no tie of its own: a headline may share no word with the body.
    above = [
        c
        for c in found
        if c.pos < chosen.pos
        and (
            c.score >= MIN_TIE
            or (c.pos == 0 and not c.marked and c.words >= UNTIED_TITLE_MIN_WORDS)
            # "Giovedì niente, da copione": a short headline that plays on words the
            # body never uses, printed right above its standfirst.
            or (c.pos == chosen.pos - 1 and not c.marked and c.worded)
        )
    ]
    # ...unless the winner has a standfirst of its own right under it: then it is the title.
    under = [c for c in usable if chosen.pos < c.pos <= chosen.pos + STANDFIRST_GAP]
    has_standfirst = any(c.words > chosen.words for c in under)
    if (
        above
        and chosen.words >= STANDFIRST_MIN_WORDS
        and not has_standfirst
        and not chosen.restated
    ):
        prev = above[-1]
        # A headline and its standfirst tell one story: the line above shares words
        # with the winner (one may be chance: "bella serata", "donne belle") or sits
        # right on it; else it is a teaser of another story.
        if (
            chosen.pos - prev.pos <= STANDFIRST_GAP
            and (chosen.pos - prev.pos == 1 or len(prev.stems & chosen.stems) >= 2)
            and TITLE_MIN_EARLY <= prev.words < chosen.words
            and (prev.worded or prev.pos == 0)
        ):
            return prev
    return chosen


def find_title(
    lines: Sequence[Line], start: int, end: int, opts: CleanOptions, hint: str | None
) -> tuple[int | None, int | None, list[str]]:
    """Positions of the title and the lede among the lines before the body, and why."""
    lo = max(0, start - opts.header_window)
    if hint:
        # The hint may still carry a site name the page did not declare: a line that
        # equals the hint less a separated suffix or prefix is the headline.
        keys = [word_key(h) for h in title_variants(hint)]
        title = None
        # Extracted HTML may open its body run on the headline itself: look a few
        # lines into the run too, after the lines before it.
        order = [*range(start - 1, lo - 1, -1), *range(start, min(end, start + HINT_REACH) + 1)]
        for key in keys:
            title = next((p for p in order if lines[p].key == key), None)
            if title is not None:
                break
        return title, _lede(lines, title, start, opts, keys[0]), []
    found = rank_titles(lines, start, end, opts)
    chosen = _choose(found)
    reasons = []
    for cand in sorted(found, key=lambda c: -c.score)[:4]:
        label = "title" if cand is chosen else "runner-up"
        reasons.append(f"{label} ({cand.score:+.2f}: {cand.why}): {lines[cand.pos].text}")
    if chosen is None:
        return None, None, reasons
    return chosen.pos, _lede(lines, chosen.pos, start, opts, lines[chosen.pos].key), reasons


def _lede(
    lines: Sequence[Line], title: int | None, start: int, opts: CleanOptions, title_key: str
) -> int | None:
    """The standfirst: the nearest long free line between the title and the body."""
    lo = max(0, start - opts.header_window) if title is None else title + 1
    # Lines repeated in the body (a table of contents) are not the standfirst.
    body = {line.key for line in lines[start : start + 400]}
    for pos in range(start - 1, lo - 1, -1):
        line = lines[pos]
        if not line.free or line.words < opts.title_min_words or line.key in body:
            continue
        if line.key == title_key or title_key in line.key:
            return None
        return pos if line.words >= opts.lede_min_words else None
    return None


_CASE_WORD = re.compile(r"[^\W\d_][\w’'-]*")
_OPENERS = "«“\"'‘( "
ALL_CAPS_SHARE = 0.8
"""A title with at least this share of its letters in upper case is set in capitals."""


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` opens the text or a sentence (quotes aside).
    Looks back a few characters only, so a long paragraph costs linear time."""
    before = text[max(0, start - 8) : start].rstrip(_OPENERS)
    if not before:
        return start - 8 <= 0 or not text[:start].strip(_OPENERS)
    return before[-1] in ".!?"


def restore_case(title: str, body: Sequence[str]) -> str:
    """``PENSIONI, IL CONTO DELLE DONNE`` -> ``Pensioni, il conto delle donne``.

    A title set in capitals lost its case; the body did not. Each word takes the form
    the body gives it inside a sentence (names and acronyms keep their capitals), any
    other word goes lower case, and the title and each sentence in it open with a
    capital. Titles in normal case come back unchanged.
    """
    letters = [ch for ch in title if ch.isalpha()]
    upper = sum(ch.isupper() for ch in letters)
    if len(letters) < 8 or upper < ALL_CAPS_SHARE * len(letters):
        return title
    forms: dict[str, Counter[str]] = {}
    for text in body:
        for match in _CASE_WORD.finditer(text):
            if _opens_sentence(text, match.start()):
                continue  # a capital here says nothing about the word
            word = match.group()
            forms.setdefault(word.lower(), Counter())[word] += 1
    out: list[str] = []
    last = 0
    for match in _CASE_WORD.finditer(title):
        out.append(title[last : match.start()])
        lower = match.group().lower()
        seen = forms.get(lower)
        word = seen.most_common(1)[0][0] if seen else lower
        if _opens_sentence(title, match.start()):
            word = word[:1].upper() + word[1:]
        out.append(word)
        last = match.end()
    out.append(title[last:])
    return "".join(out)


def fallback_title(text: str, opts: CleanOptions) -> str:
    """The opening of ``text``; none when it holds no word (a rule, a row of marks)."""
    if NO_WORD.match(text):
        return ""
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    cut = sentence.split()[: opts.fallback_title_words]
    return " ".join(cut).rstrip(".,;:") + ("…" if len(sentence.split()) > len(cut) else "")
