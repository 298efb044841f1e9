"""The page's own word on its headline, name and address: HTML metadata.

A page states its headline several times: in JSON-LD (``headline`` of an Article),
in Open Graph and Twitter cards, in the article's ``<h1>`` and in ``<title>``. The
cards and ``<title>`` usually carry the site's name as a suffix or prefix
("... - TC Newsnet", "Corriere.it | ..."), and some cards hold a shortened headline.
The JSON-LD headline and the article's h1 are the headline as printed, so they come
first; the others are used stripped of the site's name. Section and archive pages
whose cards name the section ("Serie A - Sport - Repubblica.it") fall through to the
first headline-long h1.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from html import unescape

from summarize.language.words import WORD

log = logging.getLogger(__name__)

# Separators between a headline and the site's name in <title> and og:title.
_SITE_SEPARATOR = re.compile(r"\s+[-|–—:·»/]{1,2}\s+")
_DOMAIN = re.compile(r"\b[\w-]+\.(?:it|com|net|org|eu|info|news|tv|ch|fr|de|co\.uk)\b", re.I)
# Headings only screen readers see ("Menu di navigazione").
_HIDDEN = re.compile(r"assistive|sr-only|screen-reader|visually-hidden|offscreen", re.I)
_ARTICLE_TYPES = re.compile(r"article|posting|report", re.I)
HEADLINE_MIN_WORDS = 3
"""A stripped card title shorter than this is a section name ("Serie A - Sport")."""


@dataclass
class PageMetadata:
    title: str | None = None
    site: str | None = None
    url: str | None = None
    reasons: list[str] = field(default_factory=list)
    """One line per title candidate: where it came from and why it won or lost."""


def _words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def _squash(text: str) -> str:
    return "".join(WORD.findall(text.lower()))


def _is_site_part(part: str, sites: list[str]) -> bool:
    """Whether a piece of a card title is the site's name rather than the headline."""
    squashed = _squash(part)
    if not squashed:
        return True
    if _DOMAIN.search(part) and len(part.split()) <= 4:
        return True
    for site in sites:
        name = _squash(site)
        if name and (squashed == name or (len(squashed) >= 4 and squashed in name)):
            return True
        if name and len(name) >= 4 and name in squashed and len(part.split()) <= 4:
            return True
    return False


def _pieces(title: str) -> list[tuple[int, int]]:
    """(start, end) of each piece of ``title`` between site separators, so what is left
    after dropping some keeps its own text."""
    spans, last = [], 0
    for sep in _SITE_SEPARATOR.finditer(title):
        spans.append((last, sep.start()))
        last = sep.end()
    spans.append((last, len(title)))
    return spans


def strip_site(title: str, sites: list[str]) -> str:
    """``Headline - Site`` or ``Site | Headline`` -> ``Headline``, judged against the
    site names the page gives (og:site_name, application-name, the JSON-LD publisher)."""
    title = title.strip()
    spans = _pieces(title)
    while len(spans) > 1 and _is_site_part(title[slice(*spans[-1])], sites):
        spans.pop()
    while len(spans) > 1 and _is_site_part(title[slice(*spans[0])], sites):
        spans.pop(0)
    return title[spans[0][0] : spans[-1][1]].strip()


def title_variants(title: str) -> list[str]:
    """The title, then the title less one or more separated pieces at either end,
    longest first: the forms a headline with an undeclared site name can take."""
    title = title.strip()
    spans = _pieces(title)
    found = [
        title[spans[i][0] : spans[j][1]].strip()
        for i in range(len(spans))
        for j in range(len(spans) - 1, i - 1, -1)
    ]
    return sorted(dict.fromkeys(found), key=len, reverse=True)


def _json_ld(tree: object) -> tuple[list[str], list[str]]:
    """Headlines of Article-like JSON-LD objects, and publisher names."""
    headlines: list[str] = []
    publishers: list[str] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):  # type: ignore[attr-defined]
        try:
            data = json.loads(script.text_content() or "")
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
                continue
            if not isinstance(item, dict):
                continue
            stack.extend(v for k, v in item.items() if k == "@graph")
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            headline = item.get("headline")
            if isinstance(headline, str) and any(
                isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds
            ):
                headlines.append(" ".join(unescape(headline).split()))
            publisher = item.get("publisher")
            if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
                publishers.append(publisher["name"])
    return headlines, publishers


def _meta(tree: object, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name"):
            found = tree.xpath(f'//meta[@{attr}="{name}"]/@content')  # type: ignore[attr-defined]
            value = " ".join(found[0].split()) if found else ""
            if value:
                return value
    return None


def _h1s(tree: object) -> list[str]:
    texts = []
    for h1 in tree.xpath("//h1"):  # type: ignore[attr-defined]
        if _HIDDEN.search(h1.get("class") or ""):
            continue
        text = " ".join(h1.text_content().split())
        if text:
            texts.append(text)
    return texts


def _headline_long(text: str) -> bool:
    """A headline, not a section path: some piece between separators has a few words."""
    return any(len(p.split()) >= HEADLINE_MIN_WORDS for p in _SITE_SEPARATOR.split(text))


def _agrees(a: str, b: str) -> bool:
    """Two statements of one headline: most words of the shorter are in the longer."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) >= 0.6 * min(len(wa), len(wb))


def page_metadata(html: str) -> PageMetadata:
    """Headline, site name and canonical address from the page's own markup."""
    out = PageMetadata()
    try:
        import lxml.html

        # The text is already decoded: a page's own charset declaration (ISO-8859-1 on
        # older news sites) must not decode its UTF-8 bytes a second time.
        parser = lxml.html.HTMLParser(encoding="utf-8")
        tree = lxml.html.fromstring(html.encode("utf-8", "replace"), parser=parser)
    except (ValueError, TypeError, ImportError) as error:  # empty or broken markup
        log.debug("no HTML metadata: %s", error)
        return out
    except Exception:  # lxml raises ParserError on documents it cannot read
        log.debug("no HTML metadata", exc_info=True)
        return out
    headlines, publishers = _json_ld(tree)
    site = _meta(tree, "og:site_name", "application-name")
    out.site = site or (publishers[0] if publishers else None)
    sites = [s for s in (site, *publishers) if s]
    canonical = tree.xpath('//link[@rel="canonical"]/@href')
    og_url = _meta(tree, "og:url")
    absolute = [u.strip() for u in (*canonical, og_url or "") if u.strip().startswith("http")]
    out.url = absolute[0] if absolute else None

    cards = [
        (source, strip_site(value, sites))
        for source, value in (
            ("og:title", _meta(tree, "og:title")),
            ("twitter:title", _meta(tree, "twitter:title")),
            ("<title>", " ".join((tree.findtext(".//title") or "").split())),
        )
        if value
    ]
    h1s = [h for h in _h1s(tree) if len(h.split()) >= HEADLINE_MIN_WORDS]
    card = next((text for _, text in cards if _headline_long(text)), None)
    stated = [*headlines[:1], *([card] if card else [])]
    candidates: list[tuple[str, str]] = [
        ("the article's h1, as the JSON-LD or the cards state it", h)
        for h in h1s
        if any(_agrees(h, s) for s in stated)
    ][:1]
    candidates += [("JSON-LD headline", h) for h in headlines[:1]]
    candidates += [(f"{source}, site name stripped", t) for source, t in cards if t == card]
    candidates += [
        ("first headline-long h1", h)
        for h in h1s
        if len(h.split()) > HEADLINE_MIN_WORDS and not _is_site_part(h, sites)
    ][:1]
    candidates += [(f"{source}, site name stripped", t) for source, t in cards if t != card]
    seen: set[str] = set()
    for source, text in candidates:
        if text in seen:
            continue
        seen.add(text)
        if out.title is None and len(text.split()) >= 1:
            out.title = text
            out.reasons.append(f"title from {source}: {text}")
        else:
            out.reasons.append(f"runner-up ({source}): {text}")
    return out
