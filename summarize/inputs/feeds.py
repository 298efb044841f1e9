"""What a fetched or given document is (feed, OPML, URL list, page) and what it points to.

Detection goes by content, never by extension or Content-Type alone: Italian outlets
serve RSS as text/html, and a saved ``feeds.txt`` is just text. Feeds are feedparser's
(RSS 0.9x/1.0/2.0, Atom); OPML and pages are read with lxml. Article identity on the web
is the URL with tracking parameters removed, so a re-posted link is not new; a page's
canonical URL is its claim, which the run state believes only when borne out
(``summarize/identity.py``).
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from typing import Literal
from urllib.parse import parse_qsl, unquote, urlencode, urljoin, urlsplit, urlunsplit

log = logging.getLogger(__name__)

Kind = Literal["feed", "opml", "urls", "html", "other"]

# Query parameters that say who sent the reader, never which article: dropped from
# identities. utm_*/mtm_*/pk_* (Google Analytics, Matomo, Piwik campaign tags), the ad
# click ids (fbclid, gclid, msclkid, ...), Mailchimp's mc_*, AT Internet's xtor/at_*.
TRACKING_PREFIXES = ("utm_", "mtm_", "pk_", "at_")
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "xtor", "ref_src", "cmpid",
    }
)  # fmt: skip

_FEED_ROOTS = frozenset({"rss", "rdf", "feed", "channel"})
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# user:password@ in a URL, or at the start of a line that lost its scheme.
_USERINFO = re.compile(r"(?<=//)[^/@\s?#]*@|^[^/@\s:]+:[^/@\s]*@")


@dataclass(frozen=True)
class FeedItem:
    link: str
    title: str | None = None
    published: str | None = None
    """The item's publication (or else update) day, ISO ``YYYY-MM-DD``."""


@dataclass(frozen=True)
class Feed:
    title: str | None
    items: list[FeedItem]
    skipped: int = 0


def looks_like_url(text: str) -> bool:
    """A command-line argument or list line naming a URL (any scheme, refused later)."""
    text = text.strip()
    if text.lower().startswith(("data:", "file:", "javascript:")):
        return True
    return bool(_SCHEME.match(text)) and "://" in text[:32] and " " not in text


def sniff(data: bytes) -> Kind:
    """Feed, OPML, HTML page, a list of URLs, or something else, from the bytes alone."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        root = _root_tag(data)
        if root in _FEED_ROOTS:
            return "feed"
        if root == "opml":
            return "opml"
        if root == "html" or b"<html" in head.lower() or b"<!doctype html" in head.lower():
            return "html"
        return "html" if root is None else "other"
    text = head.decode("utf-8", errors="replace")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    entries = [ln for ln in lines if not ln.startswith("#")][:50]
    return "urls" if _url_list(entries) else "other"


def _url_list(entries: list[str]) -> bool:
    """A list of URLs, possibly with a bad line or two (a typo'd URL, a local path): at
    least half the lines start with a URL and every other one is a single word. An
    article's lines are sentences, so one quoting a link is not a list."""
    urls = sum(looks_like_url(line.split()[0]) for line in entries)
    listed = all(looks_like_url(line.split()[0]) or len(line.split()) == 1 for line in entries)
    return listed and urls > 0 and 2 * urls >= len(entries)


def _root_tag(data: bytes) -> str | None:
    """The XML root element's local name, lower-cased; None when it is not XML."""
    from lxml import etree

    try:
        for _, element in etree.iterparse(
            io.BytesIO(data[: 256 * 1024]),
            events=("start",),
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            recover=False,
        ):
            return etree.QName(element).localname.lower()
    except etree.XMLSyntaxError:
        return None
    return None


def parse_feed(data: bytes, base_url: str | None) -> Feed:
    """A feed's items' links, in feed order, resolved against the feed's own address."""
    import feedparser

    headers = {"content-location": base_url} if base_url else {}
    parsed = feedparser.parse(data, response_headers=headers, sanitize_html=False)
    items: list[FeedItem] = []
    skipped = 0
    for entry in parsed.entries:
        link = entry.get("link") or _alternate(entry)
        if not link:
            skipped += 1
            continue
        link = urljoin(base_url, link.strip()) if base_url else link.strip()
        items.append(FeedItem(link, entry.get("title"), _published(entry)))
    title = parsed.feed.get("title") if parsed.get("feed") else None
    return Feed(title, items, skipped)


def _published(entry: dict) -> str | None:  # type: ignore[type-arg]
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    return f"{when.tm_year:04d}-{when.tm_mon:02d}-{when.tm_mday:02d}" if when else None


def is_feed(data: bytes) -> bool:
    """feedparser's own verdict, for XML whose root we do not know."""
    import feedparser

    return bool(feedparser.parse(data).get("version"))


def _alternate(entry: dict) -> str | None:  # type: ignore[type-arg]
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    return None


def parse_opml(data: bytes, base_url: str | None = None) -> list[str]:
    """The feed addresses an OPML export lists (``xmlUrl``, or ``url`` on link outlines)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        return []
    found: list[str] = []
    for outline in root.iter("{*}outline", "outline"):
        url = outline.get("xmlUrl") or outline.get("xmlurl") or outline.get("url")
        if url and url.strip():
            found.append(urljoin(base_url, url.strip()) if base_url else url.strip())
    return list(dict.fromkeys(found))


def parse_url_list(text: str) -> tuple[list[str], list[tuple[int, str]]]:
    """URLs of a list file, one a line (``#`` comments and blank lines skipped), and the
    lines that are not URLs, by line number."""
    urls: list[str] = []
    bad: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        first = line.split()[0]
        if looks_like_url(first):
            urls.append(first)
        else:
            bad.append((number, line))
    return list(dict.fromkeys(urls)), bad


def canonical_url(html: str, page_url: str) -> str:
    """The address the page claims for itself (link rel=canonical, og:url), normalised;
    the address it was fetched from when it names none or names another scheme."""
    from lxml import html as lxml_html

    declared: str | None = None
    try:
        tree = lxml_html.fromstring(html[: 512 * 1024])
    except (ValueError, TypeError) as exc:  # lxml: empty or unparsable document
        log.debug("no canonical URL in %s (%s)", page_url, exc)
        tree = None
    if tree is not None:
        for xpath in (
            "//link[translate(@rel,'CANONICAL','canonical')='canonical']/@href",
            "//meta[@property='og:url']/@content",
        ):
            values = [v.strip() for v in tree.xpath(xpath) if v and v.strip()]
            if values:
                declared = values[0]
                break
    if declared:
        absolute = urljoin(page_url, declared)
        # Some sites declare their home page as every article's canonical: not an identity.
        home = urlsplit(absolute).path.strip("/") == "" and urlsplit(page_url).path.strip("/")
        if urlsplit(absolute).scheme in {"http", "https"} and not home:
            return normalize_url(absolute)
    return normalize_url(page_url)


def normalize_url(url: str) -> str:
    """Identity form of a URL: lower-case scheme and host, no default port, no fragment,
    tracking parameters removed, the remaining query kept in its order."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:
        host = f"[{host}]"
    port = (
        parts.port
        if parts.port and (scheme, parts.port) not in {("http", 80), ("https", 443)}
        else None
    )
    netloc = f"{host}:{port}" if port else host
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(TRACKING_PREFIXES) and k.lower() not in TRACKING_PARAMS
    ]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


def split_credentials(url: str) -> tuple[str, str | None]:
    """The URL without its ``user:password@`` part, and that part (percent-decoded) when
    it had one; ValueError for text that is no URL."""
    parts = urlsplit(url.strip())
    if "@" not in parts.netloc:
        return url.strip(), None
    userinfo, _, hostport = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=hostport)), unquote(userinfo)


def redact(text: str) -> str:
    """``text`` with any ``user:password@`` removed, to be shown or stored."""
    return _USERINFO.sub("", text)
