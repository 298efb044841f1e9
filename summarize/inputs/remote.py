"""Command-line inputs that are not article files: URLs, feeds, OPML and URL-list files.

``WebInputs.expand`` sorts the inputs: local article files and folders go on to
``find_inputs``; a URL is fetched and, by its content, is a page (an article), a feed
(its items' links are articles) or an OPML list of feeds; a file that holds a feed, an
OPML export or one URL a line is expanded the same way. Feeds are fetched up front
(conditional GET: an unchanged one costs one 304 and its stored copy is read); article
pages are fetched in the background, so cleaning the first overlaps fetching the rest,
and a link the run state already knows is not fetched at all.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from summarize.errors import InputError
from summarize.inputs import feeds
from summarize.inputs.background import Background, outcome
from summarize.inputs.kept import KeptPages
from summarize.inputs.sources import Candidate, decode
from summarize.inputs.web import (
    Fetcher,
    FetchError,
    Response,
    RobotsStore,
    Validators,
    WebOptions,
    check_scheme,
    refuse_offline,
)
from summarize.records import Document
from summarize.wording import counted

log = logging.getLogger(__name__)


class ValidatorStore(RobotsStore, Protocol):
    """Where a page's validators (ETag, Last-Modified) are kept between runs."""

    def validators(self, url: str) -> tuple[str | None, str | None, bytes | None]: ...

    def save_validators(
        self, url: str, etag: str | None, last_modified: str | None, body: bytes
    ) -> None: ...


class FetchMemory(Protocol):
    """What web inputs ask of the run state (``summarize.state.Novelty``): validators and
    robots files kept between runs, and which pages need no fetch."""

    @property
    def state(self) -> ValidatorStore: ...

    def skip_fetch(self, url: str) -> bool: ...

    def note_fetch(self, source: str, requested: str, final: str, claimed: str) -> None: ...


HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, text/html;q=0.5, */*;q=0.1"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
# A list file or OPML larger than this is not a list of feeds.
MAX_LIST_BYTES = 2 * 1024 * 1024
# A page holds an element start tag within its first bytes; bytes with none (a body cut
# short by a lying Content-Length, a bare doctype) are no document at all.
_ELEMENT = re.compile(rb"<[A-Za-z]")
_ELEMENT_WINDOW = 256 * 1024
# Feeds nested in OPML files are followed this deep (OPML -> feed), no further.
MAX_DEPTH = 2


@dataclass
class Expanded:
    """What the inputs turned into."""

    local: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    feeds: int = 0
    known: int = 0


class WebInputs:
    """One run's web inputs; a context manager that stops background fetches on exit
    (without waiting for those in flight: a terminated run ends at once)."""

    def __init__(self, options: WebOptions, novelty: FetchMemory | None) -> None:
        self.options = options
        self.novelty = novelty
        self.fetcher = Fetcher(options, novelty.state if novelty is not None else None)
        self._pool = Background(options.workers)
        self.pages = KeptPages(novelty.state if novelty is not None else None)
        # feed item link -> its publication day, for pages that do not say theirs
        self._published: dict[str, str] = {}

    def __enter__(self) -> WebInputs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._pool.close()
        self.fetcher.close()

    def expand(self, inputs: Sequence[str | Path]) -> Expanded:
        result = Expanded()
        links: list[tuple[str, str]] = []  # (link, where it came from)
        targets: list[tuple[str, int]] = []
        for given in inputs:
            text = str(given)
            if feeds.looks_like_url(text):
                refuse_offline(self.options, text, [text])
                targets.append((text, 0))
                continue
            listed = self._list_file(Path(text), result)
            if listed is None:
                result.local.append(text)
            else:
                refuse_offline(self.options, text, [*listed[0], *listed[1]])
                targets.extend((url, 0) for url in listed[0])
                links.extend((link, text) for link in listed[1])
        pages: dict[str, Response] = {}
        fetched: set[str] = set()
        while targets:
            depths: dict[str, int] = {}
            for url, depth in targets:
                depths.setdefault(self._own(url), depth)
            targets = [(u, d) for u, d in depths.items() if u not in fetched]
            fetched.update(u for u, _ in targets)
            futures = [
                (url, depth, self._pool.submit(self._fetch_target, url)) for url, depth in targets
            ]
            targets = []
            for url, depth, future in futures:
                try:
                    kind, response, found = outcome(future)
                except InputError as exc:
                    result.errors.append(exc)
                    continue
                if kind == "html":
                    pages[url] = response
                elif kind == "opml" and depth < MAX_DEPTH:
                    targets.extend((u, depth + 1) for u in found)
                elif kind == "opml":
                    result.errors.append(
                        InputError(url, "an OPML list inside OPML lists; not followed")
                    )
                else:
                    result.feeds += 1
                    links.extend((link, url) for link in found)
        for url, response in pages.items():
            result.candidates.append(self._candidate(url, response))
        self._schedule(links, result)
        return result

    def _list_file(self, path: Path, result: Expanded) -> tuple[list[str], list[str]] | None:
        """(feed or page URLs, article links) of a list/OPML/feed file; None for articles."""
        try:
            if not path.is_file() or path.stat().st_size > MAX_LIST_BYTES:
                return None
            data = path.read_bytes()
        except OSError:
            return None
        kind = feeds.sniff(data)
        if kind == "urls":
            try:
                text, _ = decode(data, str(path))
            except InputError:
                return None  # not text after all: read_document will say why
            urls, bad = feeds.parse_url_list(text)
            for number, line in bad:
                result.errors.append(InputError(f"{path}:{number}", _not_a_url(line)))
            return urls, []
        if kind == "opml":
            return feeds.parse_opml(data), []
        if kind == "feed":
            result.feeds += 1
            return [], [item.link for item in feeds.parse_feed(data, None).items]
        return None

    def _own(self, url: str) -> str:
        """The URL with its credentials handed to the fetcher, which sends them as the
        Authorization of that origin's requests alone: never shown nor stored."""
        try:
            clean, userinfo = feeds.split_credentials(url)
        except ValueError:
            return feeds.redact(url)
        if userinfo is not None:
            self.fetcher.authorize(clean, userinfo)
        return clean

    def _fetch_target(self, url: str) -> tuple[str, Response, list[str]]:
        """Fetch a command-line URL or a listed feed; say what it turned out to be."""
        stored_etag, stored_modified, stored_body = (
            self.novelty.state.validators(url) if self.novelty else (None, None, None)
        )
        validators = Validators(stored_etag, stored_modified) if stored_body else None
        response = self.fetcher.fetch(url, validators, accept=FEED_ACCEPT)
        body = response.body
        if response.not_modified and stored_body is not None:
            body = stored_body
        kind = feeds.sniff(body)
        if kind == "feed" or (kind == "other" and feeds.is_feed(body)):
            parsed = feeds.parse_feed(body, response.final_url)
            if not parsed.items:
                raise FetchError(url, "feed has no items with links")
            self._remember(url, response, body)
            self._published.update({i.link: i.published for i in parsed.items if i.published})
            return "feed", response, [item.link for item in parsed.items]
        if kind == "opml":
            self._remember(url, response, body)
            return "opml", response, feeds.parse_opml(body, response.final_url)
        if kind == "html" or response.content_type in HTML_TYPES:
            return "html", response, []
        raise FetchError(url, f"neither a page nor a feed ({response.content_type or 'no type'})")

    def _remember(self, url: str, response: Response, body: bytes) -> None:
        if self.novelty is not None and not response.not_modified and response.validators:
            v = response.validators
            self.novelty.state.save_validators(url, v.etag, v.last_modified, body)

    def _schedule(self, links: list[tuple[str, str]], result: Expanded) -> None:
        """Start fetching article pages, hosts interleaved, each link once, at most
        ``feed_items`` new ones per feed and ``run_items`` in all: the others stay
        unknown, so the next run takes them."""
        seen: set[str] = set()
        by_host: dict[str, list[str]] = {}
        per_origin: dict[str, int] = {}
        left = 0
        for given, origin in links:
            link = self._own(given)
            try:
                check_scheme(link)  # file:, data: and the like are refused before any queue
            except FetchError as exc:
                result.errors.append(FetchError(link, f"{exc.problem} (linked from {origin})"))
                continue
            key = feeds.normalize_url(link)
            if key in seen:
                continue
            seen.add(key)
            if self.novelty is not None and (
                self.novelty.skip_fetch(key) or self.novelty.skip_fetch(link)
            ):
                result.known += 1
                continue
            per_origin[origin] = per_origin.get(origin, 0) + 1
            if per_origin[origin] > self.options.feed_items:
                left += 1
                continue
            by_host.setdefault(urlsplit(key).netloc, []).append(link)
        for n, link in enumerate(_interleave(by_host)):
            if n >= self.options.run_items:
                left += 1
                continue
            future = self._pool.submit(self._fetch_page, link)
            result.candidates.append(_future_candidate(link, future))
        if left:
            self.fetcher.stats.add(left=left)
            log.info(
                "%s left for the next run (at most %d a feed, %d a run)",
                counted(left, "feed item"), self.options.feed_items, self.options.run_items,
            )  # fmt: skip

    def _fetch_page(self, link: str) -> Document:
        response = self.pages.read(link)
        if response is None:
            response = self.fetcher.fetch(link, accept=PAGE_ACCEPT)
            self.pages.keep(link, response)
        else:
            self.fetcher.stats.add(stored=1)
        return self._document(link, response)

    def forget_pages(self) -> None:
        """The run's articles are in the state now: the pages kept for them go."""
        self.pages.forget()

    def _candidate(self, url: str, response: Response) -> Candidate:
        def load() -> Document:
            return self._document(url, response)

        return Candidate(url, _url_path(url), load=load)

    def _document(self, link: str, response: Response) -> Document:
        body = response.body
        if not body.strip():
            raise FetchError(link, "empty page")
        kind = feeds.sniff(body)
        html_type = response.content_type in HTML_TYPES
        if kind in {"feed", "opml"}:
            raise FetchError(link, f"a {kind}, not an article page")
        if not (kind == "html" or html_type):
            raise FetchError(link, f"not HTML ({response.content_type or 'unknown type'})")
        if not _ELEMENT.search(body[:_ELEMENT_WINDOW]):
            raise FetchError(link, "cut short or empty: no HTML element in the page")
        text, encoding = _decode_html(body, response.charset, link)
        canonical = feeds.canonical_url(text, response.final_url)
        if self.novelty is not None:
            self.novelty.note_fetch(
                link, feeds.normalize_url(link), feeds.normalize_url(response.final_url), canonical
            )
        return Document(
            source=link,
            path=_url_path(link),
            text=text,
            kind="html",
            encoding=encoding,
            date=self._published.get(link),
        )


def _future_candidate(link: str, future: Future[Document]) -> Candidate:
    def load() -> Document:
        return outcome(future)

    return Candidate(link, _url_path(link), load=load)


def _url_path(url: str) -> Path:
    return Path(urlsplit(url).path or "/")


def _interleave(groups: dict[str, list[str]]) -> Iterator[str]:
    """Round-robin over hosts, so one slow host does not hold every worker."""
    queues = [list(q) for q in groups.values()]
    while queues:
        for queue in queues:
            yield queue.pop(0)
        queues = [q for q in queues if q]


def _decode_html(body: bytes, charset: str | None, source: str) -> tuple[str, str]:
    if charset in {"iso-8859-1", "latin1", "latin-1", "us-ascii"}:
        charset = "cp1252"  # what browsers read these labels as (WHATWG)
    if charset:
        try:
            return body.decode(charset), charset
        except (LookupError, UnicodeDecodeError):
            log.debug("%s: declared charset %s does not decode", source, charset)
    return decode(body, source)


def _not_a_url(line: str) -> str:
    """Why a URL list's line was skipped, with what to write instead."""
    shown = feeds.redact(line[:80])
    if line.startswith(("/", "~", "./", "../")) or "\\" in line:
        return f"a local path in a URL list: {shown}; give files on the command line instead"
    return f"not a URL: {shown}; write it in full, with http:// or https://"
