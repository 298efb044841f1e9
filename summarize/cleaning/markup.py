"""HTML bounded before the parsers see it: too many tags is refused, too deep is flattened.

Two things a page can do that no article needs. Millions of tags make lxml and
trafilatura hold several copies of a huge tree (100 MB of tags took 7.3 GB): counting
``<`` costs one pass and no memory, so such a page is refused before any parse. And
libxml2 stops at 256 nested elements (2,048 when told to parse huge trees), so an article
inside deeper wrappers (a browser shows it) came out as "no article text": such a page has
the tags of its wrapper elements below a sane depth taken out before any parse, keeping
every word.
"""

from __future__ import annotations

import re

from summarize.errors import NotAnArticle
from summarize.records import Document
from summarize.wording import counted

# Tags ("<") a page may hold. Across the 50 real article pages of the development set
# (shared/realdata) the most is 3,457 (p50 1,883) in 203 kB; 100,000 is ~29 times that,
# about what a 5 MiB page (the default size limit) of that density holds. A page at the
# limit (2.8 MB of div/p) peaks at 263 MiB and takes ~50 s; 200,000 tags took 474 MiB
# and 278 s (measured on this 2-core machine; README 'Running from cron').
MAX_TAGS = 100_000

# Real pages nest 20 deep at most (p50 12, the same 50 pages); wrappers below this depth
# are unwrapped, so what trafilatura parses stays far inside libxml2's default nesting
# limit of 256 (deeper elements are cut; XML_PARSE_HUGE only moves it to 2,048).
FLAT_DEPTH = 64
# Elements that only wrap others; unwrapping one keeps its text and children in place.
_WRAPPERS = frozenset(
    {"div", "span", "section", "main", "article", "aside", "font", "center", "b", "i",
     "u", "em", "strong", "small", "big", "blockquote", "figure", "header", "footer"}
)  # fmt: skip
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
     "source", "track", "wbr"}
)  # fmt: skip
# Elements whose end tag HTML lets a page leave out: they never deepen the estimate.
_OPTIONAL_END = frozenset({"p", "li", "td", "th", "tr", "dt", "dd", "option", "thead", "tbody"})
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")


def bounded_markup(doc: Document) -> str:
    """``doc``'s HTML, flattened when nested too deep; NotAnArticle when it holds more
    tags than any article page."""
    html = doc.text
    tags = html.count("<")
    if tags > MAX_TAGS:
        raise NotAnArticle(
            doc.source,
            f"{counted(tags, 'tag', grouped=True)}, more than any article page holds "
            f"(at most {MAX_TAGS:,}); "
            "refused before parsing it: remove it, or give the article's page or text alone",
        )
    if _depth_estimate(html) < FLAT_DEPTH:
        return html
    return _flattened(html)


def _depth_estimate(html: str) -> int:
    """The deepest nesting the tags' opening and closing suggest, in one regex pass."""
    depth = deepest = 0
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or name in _OPTIONAL_END or self_closing:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def _flattened(html: str) -> str:
    """The page with the tags of its wrappers below FLAT_DEPTH taken out of the text (what
    they hold stays in place), in one pass over the tags as ``_depth_estimate`` reads them.
    Parsing cannot do it: even without its 256 limit libxml2 drops what lies deeper than
    2,048 elements, where a browser still shows the article."""
    kept: list[str] = []
    start = 0
    open_elements: list[tuple[str, bool]] = []  # name, whether its tags are taken out
    for match in _TAG.finditer(html):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID or name in _OPTIONAL_END or self_closing:
            continue
        if closing:
            if not open_elements:
                continue
            opened, taken_out = open_elements.pop()
            drop = taken_out and opened == name
        else:
            drop = len(open_elements) >= FLAT_DEPTH and name in _WRAPPERS
            open_elements.append((name, drop))
        if drop:
            kept.append(html[start : match.start()])
            start = match.end()
    kept.append(html[start:])
    return "".join(kept)
