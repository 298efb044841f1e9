"""Keep exactly the article from a page dump: title, lede, headings and paragraphs.

Pages copied from news sites carry menus, app banners, breadcrumbs, image credits,
share buttons, "related articles" lists, tables of contents and footers around the
article. The cleaner recognises them by general features, not by any site's wording:

1. Every line gets features: length in words, sentence punctuation at the end, the
   share of Italian function words, and shapes such as ``Section / Headline`` link
   lists, ``Home » Esteri`` breadcrumbs, ``(Foto Ansa)`` credits, bylines and dates.
   A few generic cue words ("cookie", "iscriviti", "leggi anche", "foto"...) catch the
   furniture whose only tell is its vocabulary.
2. The body is the densest run of prose: each line scores +words when it reads like a
   sentence and a penalty otherwise, and the best-scoring contiguous run wins (the
   maximum-subarray idea of Body Text Extraction, Finn et al. 2001). Lines that mark
   the end of an article (copyright, comment threads, date lines) cost as much as a
   paragraph, so comments below an article do not join it.
3. The title comes from a model of general evidence (``title.py``: words shared with
   the body, length, page order of kicker, headline and standfirst, caption marks);
   a longer line under it is the lede. Inside the body, short unpunctuated lines
   followed by prose are headings, unless they repeat later headings (a table of
   contents) or sit under a "leggi anche" cue (a link). One-sentence paragraphs set
   apart after the article that share no words with it are teasers of other stories.

Every line that is not kept is recorded in ``Article.dropped`` with its reason, and the
title's choice in ``Article.title_reasons``, so the CLI can explain both. HTML goes
through trafilatura first; the page's own metadata gives title, site and address
(``metadata.py``), and what trafilatura kept stays unless a cue says otherwise.
Mis-decoded text is repaired first (``repair.py``), hard-wrapped paragraphs are re-flowed
and Markdown unmarked (``text.prepare``), and a document that is one short paragraph is
an article.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from summarize.cleaning.body import (
    body_kind,
    extend_end,
    extend_start,
    is_heading,
    is_loose_paragraph,
    mark_cued_links,
    next_free,
    other_stories,
    score,
)
from summarize.cleaning.cues import (
    COPYRIGHT,
    REASON_BIO,
    REASON_DUPLICATE,
    REASON_LONE_HEADING,
    REASON_OTHER_STORIES,
    REASON_PROSE_OUTSIDE,
    REASON_SHORT_INSIDE,
    REASON_SHORT_OUTSIDE,
    REASON_TITLE_REPEAT,
    REASON_TOC,
)
from summarize.cleaning.html import from_html
from summarize.cleaning.lines import (
    Line,
    classify,
    features,
    is_prose,
    site_from_copyright,
)
from summarize.cleaning.options import CleanOptions
from summarize.cleaning.pagekind import PageKind, page_kind
from summarize.cleaning.repair import repair
from summarize.cleaning.runs import article_run
from summarize.cleaning.text import RawLine, normalize_text, prepare, unify_line_ends
from summarize.cleaning.title import fallback_title, find_title, restore_case
from summarize.errors import NotAnArticle
from summarize.language.detect import detect_language
from summarize.language.words import count_tokens, word_key
from summarize.lexicon.stopwords import FUNCTION_WORDS
from summarize.records import Article, Block, Document, Dropped
from summarize.wording import counted

__all__ = ["CleanOptions", "clean", "normalize_text"]

log = logging.getLogger(__name__)


# --- the pass -------------------------------------------------------------------------


@dataclass
class _State:
    """What the passes of the text cleaner share: the lines, the body run, the header
    positions and the kept lines (position -> block kind)."""

    lines: list[Line]
    opts: CleanOptions
    extracted: bool
    title_hint: str | None
    article: Article
    start: int = 0
    end: int = -1
    title_pos: int | None = None
    lede_pos: int | None = None
    kept: dict[int, str] = field(default_factory=dict)


def _prepared(text: str, opts: CleanOptions) -> list[RawLine]:
    """The text's non-empty lines, normalised and re-flowed: once a document, for every
    reading of it (the body pass, the short-article pass, the page's kind)."""
    return [raw for raw in prepare(text, opts) if raw.text]


def _lines_of(raw_lines: list[RawLine], opts: CleanOptions) -> list[Line]:
    # Prose is measured with the page's own function words, so an English page still
    # cleans (and the pipeline can flag its language) instead of losing all its prose.
    lang = detect_language("\n".join(raw.text for raw in raw_lines)) or "it"
    lines = [features(raw, FUNCTION_WORDS[lang]) for raw in raw_lines]
    classify(lines, opts)
    return lines


def _clean_text(
    source: str,
    raw_lines: list[RawLine],
    opts: CleanOptions,
    title_hint: str | None = None,
    extracted: bool = False,
) -> Article:
    lines = _lines_of(raw_lines, opts)
    article = Article(source=source, title="")
    span = article_run(lines, [score(line, opts, extracted) for line in lines], opts, title_hint)
    if span is None:
        article.dropped = [_dropped(line, REASON_SHORT_OUTSIDE, opts) for line in lines]
        return article
    state = _State(lines, opts, extracted, title_hint, article, *span)
    _place_header(state)
    _keep_body(state)
    _lede_from_first(state)
    _drop_other_stories(state)
    _set_title(state)
    _emit_blocks(state)
    _fill_metadata(article, lines, state.start, state.end)
    _drop_bio(state)
    _record_dropped(state)
    return article


def _place_header(state: _State) -> None:
    """Mark cued links, let a closing list and a live blog's first timestamp join the
    body, find the title and lede, and start the body below the title."""
    lines, opts = state.lines, state.opts
    mark_cued_links(lines, state.start, state.end, opts)
    state.end = extend_end(lines, state.end, opts)
    state.start = extend_start(lines, state.start, state.end, opts)
    title_pos, lede_pos, state.article.title_reasons = find_title(
        lines, state.start, state.end, opts, state.title_hint
    )
    state.title_pos, state.lede_pos = title_pos, lede_pos
    if title_pos is not None and title_pos >= state.start:
        state.start = title_pos + 1


def _keep_body(state: _State) -> None:
    """Keep the paragraphs and headings of the body run; name why the rest goes."""
    lines, opts, end = state.lines, state.opts, state.end
    heading_at = {
        lines[p].key: p
        for p in range(state.start, end + 1)
        if lines[p].free and is_heading(lines, p, end, opts)
    }
    seen: set[str] = set()
    for pos in range(state.start, end + 1):
        line = lines[pos]
        if not line.free:
            continue
        kind = body_kind(lines, pos, end, opts)
        if kind is None and state.extracted:
            kind = _extracted_kind(lines, pos, end, opts)
        if line.key in heading_at and heading_at[line.key] != pos:
            line.reason = REASON_TOC
        elif line.key and line.key in seen:
            line.reason = REASON_DUPLICATE
        elif kind is None:
            line.reason = (
                REASON_LONE_HEADING
                if line.words <= opts.heading_max_words and not line.terminal
                else REASON_SHORT_INSIDE
            )
        else:
            state.kept[pos] = kind
            seen.add(line.key)


def _lede_from_first(state: _State) -> None:
    """With no lede above the body, an unpunctuated first paragraph is the lede."""
    kept = state.kept
    if state.lede_pos is None and kept:
        first = min(kept)
        if kept[first] == "paragraph" and not state.lines[first].terminal:
            del kept[first]
            state.lede_pos = first


def _drop_other_stories(state: _State) -> None:
    lines, kept = state.lines, state.kept
    header = [lines[p].text for p in (state.title_pos, state.lede_pos) if p is not None]
    for pos in other_stories(lines, kept, [*header, state.title_hint or ""], state.opts):
        lines[pos].reason = REASON_OTHER_STORIES
        del kept[pos]
    # A heading left with nothing under it (a tag over the teasers) goes with them.
    while kept and kept[max(kept)] == "heading":
        last = max(kept)
        lines[last].reason = REASON_LONE_HEADING
        del kept[last]


def _set_title(state: _State) -> None:
    """The title line, the page's title or the opening sentence; the lede; the case."""
    article, lines, kept = state.article, state.lines, state.kept
    if state.title_pos is not None:
        article.title = lines[state.title_pos].text
    elif state.title_hint:
        article.title = state.title_hint
    elif kept or state.lede_pos is not None:
        first = min([*kept, *([state.lede_pos] if state.lede_pos is not None else [])])
        article.title = fallback_title(lines[first].text, state.opts)
    if state.lede_pos is not None:
        article.lede = lines[state.lede_pos].text
    restored = restore_case(article.title, [lines[p].text for p in sorted(kept)])
    if restored != article.title:
        article.title = restored
        article.title_reasons.append("case restored from the body: the page set it in capitals")


def _emit_blocks(state: _State) -> None:
    """The kept lines become blocks, except one that repeats the title."""
    lines, kept = state.lines, state.kept
    title_key = word_key(state.article.title)
    for pos in sorted(kept):
        if lines[pos].key == title_key:
            lines[pos].reason = REASON_TITLE_REPEAT
            del kept[pos]
        else:
            state.article.blocks.append(Block(kind=kept[pos], text=lines[pos].text))  # type: ignore[arg-type]


def _drop_bio(state: _State) -> None:
    """A closing paragraph that opens with the author's name is the author's bio."""
    article, lines, kept = state.article, state.lines, state.kept
    if not (article.author and article.blocks):
        return
    bio = re.compile(re.escape(article.author) + r"\s+(?:è|e'|ha|scrive|lavora|vive)\b")
    for pos in sorted(kept, reverse=True)[:2]:
        if bio.match(lines[pos].text):
            lines[pos].reason = REASON_BIO
            article.blocks = [b for b in article.blocks if b.text != lines[pos].text]
            del kept[pos]


def _record_dropped(state: _State) -> None:
    for pos, line in enumerate(state.lines):
        if pos in state.kept or pos in (state.title_pos, state.lede_pos):
            continue
        inside = state.start <= pos <= state.end
        reason = REASON_SHORT_INSIDE if inside else None
        state.article.dropped.append(_dropped(line, reason, state.opts))


def _extracted_kind(lines: Sequence[Line], pos: int, end: int, opts: CleanOptions) -> str | None:
    """What trafilatura kept inside the body is body unless a cue says otherwise: an
    unpunctuated paragraph, or a short line over one (a listicle's numbered item)."""
    line = lines[pos]
    if is_loose_paragraph(line, opts):
        return "paragraph"
    nxt = next_free(lines, pos, end)
    if (
        nxt is not None
        and line.words <= opts.heading_max_words
        and not line.text.endswith((",", ";"))
        and (is_loose_paragraph(lines[nxt], opts) or is_prose(lines[nxt], opts))
    ):
        return "heading"
    return None


def _fill_metadata(article: Article, lines: Sequence[Line], start: int, end: int) -> None:
    """Date, author and site, preferring lines before the body, then inside, then after."""
    order = sorted(range(len(lines)), key=lambda p: (0 if p < start else 1 if p <= end else 2, p))
    for pos in order:
        for kind, value in lines[pos].meta:
            if kind == "date" and article.date is None:
                article.date = value
            # A bare name above a date counts only up to the body's end: below it,
            # names above dates are comment authors.
            explicit = kind == "author" or (kind == "name" and pos <= end)
            if explicit and article.author is None:
                article.author = value
    for pos in order:
        if COPYRIGHT.search(lines[pos].text):
            site = site_from_copyright(lines[pos].text)
            if site:
                article.site = site
                break


def _dropped(line: Line, inside_reason: str | None, opts: CleanOptions) -> Dropped:
    if line.reason is not None:
        return Dropped(line.text, line.reason)
    if line.meta:
        parts = []
        for kind, value in line.meta:
            parts.append(f"date line ({value})" if kind == "date" else f"byline ({value})")
        return Dropped(line.text, ", ".join(parts))
    if inside_reason is not None:
        return Dropped(line.text, inside_reason)
    return Dropped(
        line.text, REASON_PROSE_OUTSIDE if is_prose(line, opts) else REASON_SHORT_OUTSIDE
    )


def _prose_words(article: Article) -> int:
    words = sum(count_tokens(b.text) for b in article.blocks if b.kind == "paragraph")
    return words + (count_tokens(article.lede) if article.lede else 0)


def _short_article(source: str, raw_lines: list[RawLine], opts: CleanOptions) -> Article | None:
    """A document that is one short paragraph or two, and little else, is an article.

    Real one-paragraph pieces (a 250-character news brief, a quote with its context)
    fall under the body threshold and often lack a final full stop. They are taken
    when prose-like lines (enough words, function words) make up most of the text, so
    a page of menus with one stray sentence is still refused.
    """
    total = sum(len(r.text.split()) for r in raw_lines)
    if not raw_lines or total > opts.short_article_max_words:
        return None
    lines = _lines_of(raw_lines, opts)
    prose = [
        line
        for line in lines
        if line.free
        and line.words >= opts.short_article_min_words
        and line.stop_ratio >= opts.min_stopword_ratio
    ]
    if not prose or sum(line.words for line in prose) < opts.short_article_share * total:
        return None
    article = Article(source=source, title="")
    first = lines.index(prose[0])
    head = [line for line in lines[:first] if line.free and not line.terminal]
    article.title = head[-1].text if head else fallback_title(prose[0].text, opts)
    article.title_reasons = [
        "title: the line above the only paragraph"
        if head
        else "title: the opening of the only paragraph (the document has no headline)"
    ]
    article.blocks = [Block(kind="paragraph", text=line.text) for line in prose]
    kept = {id(line) for line in prose} | ({id(head[-1])} if head else set())
    article.dropped = [_dropped(line, None, opts) for line in lines if id(line) not in kept]
    return article


def _rejection(article: Article, opts: CleanOptions, too_short: bool) -> str:
    """Why nothing was kept, in one line: the gate that refused it (too little prose, or
    no title) with what it counted, and the commonest reasons lines were dropped (the
    error's setting, ``explain``, shows them all)."""
    reasons = Counter(d.reason for d in article.dropped).most_common(3)
    why = (
        ", ".join(f"{reason} ({counted(count, 'line')})" for reason, count in reasons)
        or "the text is empty"
    )
    dropped = f"{counted(len(article.dropped), 'line')} dropped"
    prose = counted(_prose_words(article), "word")
    if too_short:
        return (
            f"no article text found after cleaning ({dropped}); "
            f"{prose} of prose where an article needs "
            f"{opts.min_article_words}; dropped most: {why}"
        )
    return (
        f"no title found after cleaning ({dropped}): no headline, and none of the "
        f"{prose} of prose kept opens with a word to take one from; "
        f"dropped most: {why}"
    )


_LEADING_MARKS = re.compile(r"^[\W_]+")


def _title_from_body(article: Article, opts: CleanOptions) -> None:
    """A title for an article with text but none: the opening of its first paragraph
    that has a word in it, past any marks it starts with. Prose enough for an article
    is never refused for want of a headline."""
    for text in [article.lede or "", *(b.text for b in article.blocks)]:
        title = fallback_title(_LEADING_MARKS.sub("", text), opts)
        if title:
            article.title = title
            article.title_reasons.append(
                "title: the opening of the text (no headline, and its first sentence has no word)"
            )
            return


def clean(doc: Document, options: CleanOptions | None = None) -> Article:
    """Turn a decoded document into its article; raise NotAnArticle when none is left
    or the page is a list of other pages' headlines."""
    opts = options or CleanOptions()
    article, kind = read_page(doc, opts)
    if kind.is_list:
        # The reason is whole: --explain, which lists an article's dropped lines, adds nothing.
        raise NotAnArticle(doc.source, kind.reason(), article=article)
    log.debug(
        "%s: kept %s, dropped %s",
        doc.source,
        counted(len(article.blocks), "block"),
        counted(len(article.dropped), "line"),
    )
    return article


# C0 controls other than tab and line ends: no HTML holds them on purpose, and lxml
# refuses to build a tree node that contains one (FF too). The line separators other
# than CR and LF become a space, white space to HTML like a line end: a newline would
# break a JSON-LD string that holds one.
_HTML_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f]")
_HTML_SEPARATORS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def unified(doc: Document) -> Document:
    """``doc`` with every line separator as LF (a separator that a later step drops as a
    control character would join the words on either side), and HTML with them as
    spaces and without the control characters no parser keeps."""
    if doc.kind == "html":
        text = _HTML_CONTROLS.sub("", _HTML_SEPARATORS.sub(" ", doc.text))
    else:
        text = unify_line_ends(doc.text)
    return doc if text == doc.text else replace(doc, text=text)


def read_page(doc: Document, opts: CleanOptions) -> tuple[Article, PageKind]:
    """The article the text pass keeps and whether its page is a list of headlines, read
    off one unified copy of ``doc`` (devtools/pagekind_calibrate.py measures the
    judgement on it). NotAnArticle when no article is kept at all."""
    doc = unified(doc)
    article, lines = _read_article(doc, opts)
    return article, _judge_page(doc, article, lines, opts)


def _judge_page(doc: Document, article: Article, lines: list[str], opts: CleanOptions) -> PageKind:
    """Whether the page ``article`` came from is a list: read off its HTML, or off its
    whole text (``lines``, re-flowed the way the cleaner read it)."""
    if doc.kind == "html":
        return page_kind(article, doc.text, None, opts)
    return page_kind(article, None, lines, opts)


def _read_article(doc: Document, opts: CleanOptions) -> tuple[Article, list[str]]:
    """The article the text pass keeps from a unified ``doc``, before the page is judged,
    and the lines of the text it was read from."""
    meta: dict[str, str | None] = {}
    reasons: list[str] = []
    text = repair(doc.text) if doc.kind != "html" else doc.text
    if doc.kind == "html":
        text, meta, reasons = from_html(doc)
    raw_lines = _prepared(text, opts)
    article = _clean_text(
        doc.source, raw_lines, opts, title_hint=meta.get("title"), extracted=doc.kind == "html"
    )
    if reasons:
        article.title_reasons = reasons
    for key in ("date", "author", "site", "url"):
        value = meta.get(key)
        if value:
            setattr(article, key, value)
    article.date = article.date or doc.date
    short = None
    if _prose_words(article) < opts.min_article_words or not article.title:
        short = _short_article(doc.source, raw_lines, opts)
        if short is not None:
            for key in ("date", "author", "site", "url"):
                setattr(short, key, getattr(article, key))
            if meta.get("title"):  # the page's own headline, as for a long article
                short.title, short.title_reasons = meta["title"] or "", reasons
            article = short
    too_short = short is None and _prose_words(article) < opts.min_article_words
    if not too_short and not article.title:
        _title_from_body(article, opts)
    if too_short or not article.title:
        raise NotAnArticle(
            doc.source, _rejection(article, opts, too_short), setting="explain", article=article
        )
    return article, [raw.text for raw in raw_lines]
