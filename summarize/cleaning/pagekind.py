"""Is the page an article, or a list of other pages' headlines?

Home pages and section lists (``Cronaca``, ``Ultime notizie``) are made of teasers: a
linked headline and a sentence or two under it, one after the other, each about a
different story. The cleaner finds prose there like anywhere else, so a list page
would be briefed as one incoherent article. Two kinds of general evidence tell it
apart, read off the article the cleaner kept:

* In HTML each teaser sits in its own small box with the link to its story: the
  paragraph's nearest container, hardly longer than the paragraph, holds a link of
  a headline's length that is not part of the paragraph. An article's paragraphs sit
  side by side in one long body, with links inside their sentences at most.
* In text (a dump or a copy) teasers keep their shapes: cut off mid-sentence with an
  ellipsis, or each opening with its own dateline (``LECCE –``), where an article has
  one dateline, on its first paragraph.

* In any form, a list page is a row of headline units: a headline, one paragraph
  under it, the next headline; an article's subheadings head several paragraphs, or
  only a few.
* In text, when the cleaner kept a single teaser as if it were the article (its
  paragraph re-flowed into one long enough line), the rest of the page still shows the
  row: many more headline units around it than the paragraphs kept.

A page is refused when enough of its paragraphs are teasers or units; the thresholds
sit in the wide gaps the real pages show (see ``TEASER_MIN_COUNT``, ``UNITS_MIN_COUNT``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from summarize.cleaning.cues import CUT_TEASER, DATELINE
from summarize.cleaning.options import CleanOptions
from summarize.records import Article
from summarize.wording import counted

TEASER_MIN_COUNT = 3
"""Teasers needed to call a page a list. devtools/pagekind_calibrate.py on ../shared/realdata
(the pages, their dumps and their w3m and lynx renderings): the 7 home and
section pages hold 12-25 teasers in HTML and 3-12 in text; the 86 article pages hold
none in HTML and at most 1 in text (a dateline on the paragraph under the standfirst).
Thresholds fitted between the articles' most and the lists' lower quartile are these
three and the page units' two: of the 190 cases the text pass keeps an article of, they
judge 188 right in sample, and leaving one site out at a time 188 (no article refused
in any fold; the two wrong are one list page's renderings)."""
TEASER_MIN_SHARE = 0.38
"""...making up at least this share of the paragraphs (lists: from 0.68 in HTML, 0.2-0.8
in text; the share keeps a long article with a few cut lines in)."""
UNITS_MIN_COUNT = 7
"""Headline units (a headline over a single paragraph, then the next headline) that make
a list, when they also make TEASER_MIN_SHARE of the paragraphs. The list pages rendered
by w3m and lynx hold 10-20 where neither cut-offs nor datelines tell them; of the
articles that reach the share the most is 3 (three subheadings over one paragraph
each); an illustrated how-to holds 7, under a share of 0.23."""
UNIT_HEADLINE_MIN_WORDS = 4
"""A teaser's headline has words; a live blog's "21:30" or a one-word label does not."""
PAGE_UNITS_MIN_COUNT = 18
"""Headline units over the whole text (``page_units``) that make a list when the
article kept is a small part of them. devtools/pagekind_calibrate.py, fitted on the
list pages the other evidence leaves briefed: the text article pages and their
renderings hold at most 16 (a park's news page with a row of related stories, over 6
paragraphs); a section page whose one re-flowed teaser passed for an article holds 27-34
(dump, w3m, lynx), over 2 paragraphs."""
PAGE_UNITS_PER_PARAGRAPH = 3.47
"""...and at least this many per paragraph kept (articles: at most 2.67; that section
page: 13.5-17). Both must hold: on the real pages a long row of related stories comes
with an article body of several paragraphs."""
UNIT_PARAGRAPH_MIN_WORDS = 8
"""A teaser's paragraph is a sentence or two; a date, a byline or a label is shorter."""
BOX_SLACK_WORDS = 60
"""A teaser's box holds its headline, date and section besides the paragraph (20-40
words on the list pages); an article's body container holds the other paragraphs."""
BOX_MAX_DEPTH = 4
LINK_MIN_WORDS = 4
"""A headline link has a few words; "Leggi", "Cronaca" or an icon link has fewer."""
_WHITESPACE = re.compile(r"\s+")
_BOXES = frozenset({"p", "div", "span", "li", "td", "a"})


@dataclass(frozen=True)
class PageKind:
    teasers: int
    paragraphs: int
    evidence: str
    units: int = 0
    """Paragraphs alone under their own headline, one after the other."""
    page_units: int = 0
    """The same units counted over the whole text, outside the article kept too."""

    @property
    def by_teasers(self) -> bool:
        return self.teasers >= TEASER_MIN_COUNT and (
            self.teasers >= TEASER_MIN_SHARE * self.paragraphs
        )

    @property
    def by_units(self) -> bool:
        return self.units >= UNITS_MIN_COUNT and self.units >= TEASER_MIN_SHARE * self.paragraphs

    @property
    def by_page(self) -> bool:
        return (
            self.page_units >= PAGE_UNITS_MIN_COUNT
            and self.page_units >= PAGE_UNITS_PER_PARAGRAPH * self.paragraphs
        )

    @property
    def is_list(self) -> bool:
        return self.by_teasers or self.by_units or self.by_page

    def reason(self) -> str:
        if not (self.by_teasers or self.by_units):
            return (
                f"a list of {counted(self.page_units, 'headline')}, not an article: the page holds "
                f"{counted(self.page_units, 'headline')} each over a paragraph of its own, around "
                f"the {counted(self.paragraphs, 'paragraph')} that looked like an article"
            )
        count, evidence = (
            (self.teasers, self.evidence)
            if self.by_teasers
            else (self.units, "alone under their own headline, one story after another")
        )
        return (
            f"a list of {counted(count, 'headline')}, not an article: {count} of its "
            f"{counted(self.paragraphs, 'paragraph')} are {evidence}"
        )


def page_kind(
    article: Article,
    html: str | None = None,
    lines: Sequence[str] | None = None,
    opts: CleanOptions | None = None,
) -> PageKind:
    """Count the teasers among the article's paragraphs, from the HTML when there is one;
    ``lines``, the whole text as the cleaner read it, when there is none."""
    paragraphs = ([article.lede] if article.lede else []) + [
        b.text for b in article.blocks if b.kind == "paragraph"
    ]
    units = _headline_units(article)
    if html is not None:
        boxed = _linked_teasers(html, paragraphs)
        return PageKind(boxed, len(paragraphs), "teasers boxed with a link", units)
    shaped = sum(1 for text in paragraphs[1:] if _teaser_shaped(text))
    shaped += bool(paragraphs and CUT_TEASER.search(paragraphs[0]))
    around = page_units(lines, opts or CleanOptions()) if lines is not None else 0
    return PageKind(
        shaped, len(paragraphs), "cut off or open with their own dateline", units, around
    )


def _unit_headline(text: str, opts: CleanOptions) -> bool:
    return (
        UNIT_HEADLINE_MIN_WORDS <= len(text.split()) <= opts.title_max_words
        and not text.endswith((".", ";", ",", ":"))
        and any(ch.isalpha() for ch in text)
    )


def page_units(lines: Sequence[str], opts: CleanOptions) -> int:
    """Headlines over one paragraph each, then the next headline, in the whole text.

    A headline printed twice in a row (an image's alt text over the link) counts once.
    """
    text: list[str] = []
    for raw in lines:
        line = _norm(raw)
        if line and (not text or text[-1] != line):
            text.append(line)
    count = 0
    for pos in range(len(text) - 1):
        head, body = text[pos], text[pos + 1]
        after = text[pos + 2] if pos + 2 < len(text) else None
        words = len(body.split())
        if (
            _unit_headline(head, opts)
            and words >= UNIT_PARAGRAPH_MIN_WORDS
            and words > len(head.split())
            and (after is None or _unit_headline(after, opts))
        ):
            count += 1
    return count


def _headline_units(article: Article) -> int:
    """Headlines with a single paragraph under them, the next block another headline."""
    blocks = article.blocks
    count = 0
    for pos, block in enumerate(blocks[:-1]):
        after = blocks[pos + 2] if pos + 2 < len(blocks) else None
        if (
            block.kind == "heading"
            and len(block.text.split()) >= UNIT_HEADLINE_MIN_WORDS
            and blocks[pos + 1].kind == "paragraph"
            and (after is None or after.kind == "heading")
        ):
            count += 1
    return count


def _teaser_shaped(text: str) -> bool:
    return bool(CUT_TEASER.search(text) or DATELINE.match(text))


def _norm(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _linked_teasers(html: str, paragraphs: list[str]) -> int:
    """How many paragraphs sit in a small box that also holds a headline link."""
    if len(paragraphs) < TEASER_MIN_COUNT:
        return 0
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return 0
    for node in root.xpath("//script|//style|//noscript"):
        node.drop_tree()
    boxes = [(e, _norm(e.text_content())) for e in root.iter() if e.tag in _BOXES]
    count = 0
    for text in paragraphs:
        key = _norm(text)[:50]
        # Document order puts ancestors first: the last box holding the text is the deepest.
        found = [e for e, content in boxes if key in content]
        if found and _boxed_with_link(found[-1], len(text.split())):
            count += 1
    return count


def _boxed_with_link(element: object, words: int) -> bool:
    own = set(element.iter())  # type: ignore[attr-defined]
    box = element
    for _ in range(BOX_MAX_DEPTH):
        box = box.getparent()  # type: ignore[attr-defined]
        if box is None or len(_norm(box.text_content()).split()) > words + BOX_SLACK_WORDS:
            return False
        for link in box.iter("a"):
            if link not in own and len(_norm(link.text_content()).split()) >= LINK_MIN_WORDS:
                return True
    return False
