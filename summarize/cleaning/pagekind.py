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

A page is refused when enough of its paragraphs are teasers; the thresholds sit in the
wide gap the real pages show (see ``TEASER_MIN_COUNT``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarize.cleaning.cues import CUT_TEASER, DATELINE
from summarize.records import Article

TEASER_MIN_COUNT = 3
"""Teasers needed to call a page a list. devtools/pagekind_calibrate.py on ../shared/realdata:
the 7 home/section pages hold 12-25 teasers in HTML and 4-11 in dumps (one hard-wrapped
dump 1); the 85 article pages and dumps hold 0 in HTML, at most 1 in text (a dateline
on the paragraph under the standfirst). The middle of that gap is 3; leaving one site
out at a time, the thresholds fitted on the rest judge 91 of 93 pages right."""
TEASER_MIN_SHARE = 0.34
"""...making up at least this share of the paragraphs: half the lowest share on the
list pages (0.68; the others 0.75-1.0), as no article reaches the count."""
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

    @property
    def is_list(self) -> bool:
        return self.teasers >= TEASER_MIN_COUNT and (
            self.teasers >= TEASER_MIN_SHARE * self.paragraphs
        )

    def reason(self) -> str:
        return (
            f"a list of {self.teasers} headlines, not an article: {self.teasers} of its "
            f"{self.paragraphs} paragraphs are {self.evidence}"
        )


def page_kind(article: Article, html: str | None = None) -> PageKind:
    """Count the teasers among the article's paragraphs, from the HTML when there is one."""
    paragraphs = ([article.lede] if article.lede else []) + [
        b.text for b in article.blocks if b.kind == "paragraph"
    ]
    if html is not None:
        return PageKind(
            _linked_teasers(html, paragraphs), len(paragraphs), "teasers boxed with a link"
        )
    shaped = sum(1 for text in paragraphs[1:] if _teaser_shaped(text))
    shaped += bool(paragraphs and CUT_TEASER.search(paragraphs[0]))
    return PageKind(shaped, len(paragraphs), "cut off or open with their own dateline")


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
