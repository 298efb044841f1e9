"""Fetching pages and feeds over HTTP, politely and within bounds.

One ``Fetcher`` per run. It only speaks http and https, refuses addresses that reach
inside the machine or its network (checked after DNS and again on the connected socket,
so a rebinding resolver or a redirect cannot slip through), honours robots.txt, keeps at
most ``per_host`` requests in flight per server with ``delay`` seconds between their
starts (politeness.py: a server's aliases share them), retries 429 and 5xx with backoff
(``Retry-After`` honoured), reads at most ``max_bytes`` of decoded body (a lying
Content-Length or a gzip bomb stops there) and sends the validators of the previous run
(ETag / Last-Modified) so an unchanged feed costs one 304. With ``offline`` it fetches
nothing: ``refuse_offline`` stops a run given web inputs. The HTTP work is urllib3's;
this module adds the rules.
"""

from __future__ import annotations

import base64
import contextlib
import email.utils
import logging
import socket
import threading
import time
import urllib.robotparser
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Protocol
from urllib.parse import urljoin, urlsplit

import urllib3

from summarize.errors import BriefError, InputError
from summarize.inputs.addresses import (
    _guarded_pools,
    _permission,
    _RefusedAddress,
    address_refusal,
)
from summarize.inputs.feeds import redact
from summarize.inputs.politeness import USER_AGENT, HostGate
from summarize.inputs.sources import DEFAULT_MAX_BYTES
from summarize.wording import counted

log = logging.getLogger(__name__)

# The token robots.txt rules name us by.
ROBOTS_AGENT = "brief"

# Politeness defaults. Two requests in flight and one second between request starts per
# host is what common crawler etiquette asks of a non-search bot (Scrapy's AutoThrottle
# starts at 1 s; Googlebot keeps ~1 request/s to small sites); a cron run over a few
# Italian outlets' feeds (~20-60 new items an hour) stays well within a minute at this.
DEFAULT_PER_HOST = 2
DEFAULT_DELAY_S = 1.0
# Connect fast or not at all; a news page that sends nothing for 20 s is down.
DEFAULT_CONNECT_TIMEOUT_S = 10.0
DEFAULT_READ_TIMEOUT_S = 20.0
# A whole response must arrive within this, or a server trickling a byte a second
# would hold the run for ever despite the read timeout.
DEFAULT_TOTAL_TIMEOUT_S = 60.0
# Browsers stop at 20 redirects; a news link needs at most 2-3 (http->https, feed proxy).
DEFAULT_MAX_REDIRECTS = 5
# Attempts after the first on 429/5xx/connection reset; backoff doubles from BACKOFF_S.
DEFAULT_RETRIES = 2
DEFAULT_BACKOFF_S = 1.0
# A Retry-After longer than this is not waited for: the URL fails this run.
DEFAULT_MAX_RETRY_AFTER_S = 30.0
# Crawl-delay in robots.txt is honoured up to this; beyond it a cron run would not end.
MAX_CRAWL_DELAY_S = 10.0
# robots.txt files are small; Google reads the first 500 KiB.
MAX_ROBOTS_BYTES = 512 * 1024
# RFC 9309 (2.4): a robots.txt may be cached, but not for more than 24 hours.
ROBOTS_MAX_AGE_S = 24 * 3600

# Article pages fetched per feed and per run; the rest wait for the next run. A feed
# carries 10-50 items (the Italian outlets' RSS we read), so 100 takes any normal feed
# whole; 300 pages at the per-host pace above (about one a second) is ~5 minutes from
# one host, where a 5,000-item feed would hold the lock for ~83 minutes.
DEFAULT_FEED_ITEMS = 100
DEFAULT_RUN_ITEMS = 300

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class WebOptions:
    """Limits and manners of fetching; tests shrink the delays, the defaults stay polite."""

    allow_private: bool = False
    max_bytes: int = DEFAULT_MAX_BYTES
    per_host: int = DEFAULT_PER_HOST
    delay: float = DEFAULT_DELAY_S
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT_S
    read_timeout: float = DEFAULT_READ_TIMEOUT_S
    total_timeout: float = DEFAULT_TOTAL_TIMEOUT_S
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    retries: int = DEFAULT_RETRIES
    backoff: float = DEFAULT_BACKOFF_S
    max_retry_after: float = DEFAULT_MAX_RETRY_AFTER_S
    robots: bool = True
    workers: int = 4
    user_agent: str = USER_AGENT
    # No network at all: web inputs are refused (``refuse_offline``). Apart from a
    # model's own offline switch, so HF_HUB_OFFLINE keeps fetching feeds.
    offline: bool = False
    feed_items: int = DEFAULT_FEED_ITEMS
    run_items: int = DEFAULT_RUN_ITEMS


class FetchError(InputError):
    """A URL could not be fetched; ``problem`` says why in one line."""


class Refused(FetchError):
    """A URL was not fetched on principle: scheme, address or robots.txt."""


class Offline(BriefError):
    """A web input given to a run that may not touch the network: not one input's
    failure but the whole run's, which stops before any request."""


def refuse_offline(options: WebOptions, given: str, urls: Sequence[str]) -> None:
    """Stop an offline run before anything is fetched when input ``given`` is a URL or
    a file listing ``urls`` (feeds, pages, a saved feed's items): a run told to stay off
    the network must not quietly brief only the local part of its inputs."""
    if not options.offline or not urls:
        return
    refusal = "not fetched: offline mode touches no network"
    first = redact(urls[0])
    if given == urls[0]:
        raise Offline(f"{first}: {refusal}", setting="offline")
    more = f" and {len(urls) - 1} more" if len(urls) > 1 else ""
    raise Offline(f"{given}: lists {first}{more}, {refusal}", setting="offline")


@dataclass(frozen=True)
class Validators:
    """What a server said about a response's version, to ask next time if it changed."""

    etag: str | None = None
    last_modified: str | None = None

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(frozen=True)
class Response:
    url: str
    final_url: str
    status: int
    body: bytes
    content_type: str
    charset: str | None
    validators: Validators
    wire_bytes: int

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class FetchStats:
    """What the network cost, for the run facts and the README's figures."""

    requests: int = 0
    not_modified: int = 0
    wire_bytes: int = 0
    body_bytes: int = 0
    retries: int = 0
    seconds_waiting: float = 0.0
    left: int = 0  # feed items left for the next run by the caps
    stored: int = 0  # pages an interrupted run had fetched, read back instead
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: float) -> None:
        with self._lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)


def check_scheme(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an http(s) URL; Refused for anything else."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchError(url, f"not a valid URL ({exc})") from exc
    scheme = parts.scheme.lower()
    if scheme not in {"http", "https"}:
        shown = f"{scheme}:" if scheme else "a URL without a scheme"
        raise Refused(url, f"refused: {shown} is not fetched, only http and https")
    if not parts.hostname:
        raise FetchError(url, "not a valid URL (no host)")
    return scheme, parts.hostname, port or (443 if scheme == "https" else 80)


class RobotsStore(Protocol):
    """Where robots.txt files are kept between runs (the run state)."""

    def robots(self, origin: str, max_age: float) -> bytes | None: ...

    def save_robots(self, origin: str, body: bytes) -> None: ...


class Fetcher:
    """GET with the rules in the module docstring; thread-safe, one per run."""

    def __init__(
        self, options: WebOptions | None = None, robots_store: RobotsStore | None = None
    ) -> None:
        self.options = options or WebOptions()
        self.robots_store = robots_store
        self.stats = FetchStats()
        self._gate = HostGate(self.options.per_host, self.options.delay)
        self._headers = {
            "User-Agent": self.options.user_agent,
            "Accept-Encoding": "gzip, deflate",
            "Accept-Language": "it, en;q=0.5",
        }
        self._pool = urllib3.PoolManager(
            num_pools=64, maxsize=max(1, self.options.per_host), retries=False
        )
        self._pool.pool_classes_by_scheme = _guarded_pools(self.options.allow_private)
        self._credentials: dict[tuple[str, str, int], str] = {}
        self._robots: dict[str, _Robots] = {}
        self._robots_lock = threading.Lock()

    def close(self) -> None:
        self._pool.clear()

    def authorize(self, url: str, userinfo: str) -> None:
        """Send ``user:password`` as HTTP Basic authorization to ``url``'s origin (scheme,
        host, port) and nowhere else: a redirect to another host goes without it."""
        with contextlib.suppress(FetchError):
            token = base64.b64encode(userinfo.encode()).decode("ascii")
            self._credentials[check_scheme(url)] = f"Basic {token}"

    def fetch(
        self,
        url: str,
        validators: Validators | None = None,
        *,
        accept: str = "*/*",
        robots: bool = True,
    ) -> Response:
        """Fetch ``url``, following redirects (each hop checked like the first)."""
        seen: list[str] = []
        current = url
        for _hop in range(self.options.max_redirects + 1):
            try:
                response = self._hop(current, validators, accept, robots)
            except FetchError as exc:
                if current == url:
                    raise
                problem = f"after a redirect to {redact(current)}: {exc.problem}"
                raise type(exc)(url, problem, setting=exc.setting) from exc
            if response.status not in REDIRECT_STATUSES:
                return Response(
                    url, current, response.status, response.body, response.content_type,
                    response.charset, response.validators, response.wire_bytes,
                )  # fmt: skip
            location = response.final_url
            seen.append(current)
            current = urljoin(current, location)
            if current in seen:
                raise FetchError(
                    url, f"redirect loop ({counted(len(seen), 'hop')} back to {current})"
                )
        raise FetchError(url, f"too many redirects (more than {self.options.max_redirects})")

    def _hop(self, url: str, validators: Validators | None, accept: str, robots: bool) -> Response:
        scheme, host, port = check_scheme(url)
        self._check_address(url, host, port)
        if robots and self.options.robots:
            self._check_robots(url, scheme, host, port)
        return self._get_with_retries(url, host, validators, accept)

    def _check_address(self, url: str, host: str, port: int) -> None:
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise FetchError(url, f"DNS lookup failed for {host} ({exc})") from exc
        for info in infos:
            address = str(info[4][0])
            reason = address_refusal(address, self.options.allow_private)
            if reason:
                shown = reason if address == host.strip("[]") else f"{host} resolves to {reason}"
                raise Refused(url, f"refused: {shown}", setting=_permission(address))

    def _check_robots(self, url: str, scheme: str, host: str, port: int) -> None:
        origin = f"{scheme}://{host}:{port}"
        with self._robots_lock:
            robots = self._robots.get(origin)
            if robots is None:
                robots = self._robots[origin] = _Robots(origin)
        verdict = robots.verdict(url, self)
        if verdict:
            raise Refused(url, verdict)

    def _get_with_retries(
        self, url: str, host: str, validators: Validators | None, accept: str
    ) -> Response:
        opts = self.options
        for attempt in range(opts.retries + 1):
            last = attempt == opts.retries
            try:
                return self._get_once(url, host, validators, accept)
            except _Transient as exc:
                if last:
                    raise FetchError(url, exc.problem) from exc
                wait = opts.backoff * 2**attempt
            except _RetryLater as exc:
                reason = f"HTTP {exc.status}"
                if exc.after is not None and exc.after > opts.max_retry_after:
                    problem = f"{reason}, asked to retry after {exc.after:.0f} s"
                    raise FetchError(url, problem) from exc
                if last:
                    raise FetchError(
                        url, f"{reason} after {counted(opts.retries + 1, 'attempt')}"
                    ) from exc
                wait = exc.after if exc.after is not None else opts.backoff * 2**attempt
            self.stats.add(retries=1, seconds_waiting=wait)
            log.debug("retrying %s in %.1f s", url, wait)
            time.sleep(wait)
        raise AssertionError("unreachable")

    def _get_once(
        self, url: str, host: str, validators: Validators | None, accept: str
    ) -> Response:
        """One request, no redirect followed; _RetryLater or _Transient when worth another."""
        opts = self.options
        headers = {**self._headers, "Accept": accept}
        if authorization := self._credentials.get(check_scheme(url)):
            headers["Authorization"] = authorization
        if validators is not None:
            if validators.etag:
                headers["If-None-Match"] = validators.etag
            if validators.last_modified:
                headers["If-Modified-Since"] = validators.last_modified
        with self._gate.slot(host) as waited:
            self.stats.add(requests=1, seconds_waiting=waited)
            try:
                raw = self._pool.request(
                    "GET",
                    url,
                    headers=headers,
                    redirect=False,
                    preload_content=False,
                    decode_content=True,
                    timeout=urllib3.Timeout(connect=opts.connect_timeout, read=opts.read_timeout),
                )
            except urllib3.exceptions.HTTPError as exc:
                raise _classify(url, exc) from exc
            except _RefusedAddress as exc:
                raise Refused(
                    url, f"refused: {host} connected to {exc}", setting=exc.setting
                ) from exc
            try:
                return self._read(url, raw)
            finally:
                self.stats.add(wire_bytes=raw.tell())
                raw.release_conn()

    def _read(self, url: str, raw: urllib3.BaseHTTPResponse) -> Response:
        opts = self.options
        status = raw.status
        content_type, charset = _content_type(raw.headers.get("Content-Type", ""))
        validators = Validators(raw.headers.get("ETag"), raw.headers.get("Last-Modified"))
        if status in REDIRECT_STATUSES:
            location = raw.headers.get("Location")
            raw.close()
            if not location:
                raise FetchError(url, f"HTTP {status} redirect without a Location")
            return Response(url, location, status, b"", "", None, validators, raw.tell())
        if status in RETRY_STATUSES:
            raw.close()
            raise _RetryLater(status, _retry_after(raw.headers.get("Retry-After", "")))
        if status == 304:
            raw.close()
            self.stats.add(not_modified=1)
            return Response(url, url, status, b"", content_type, charset, validators, 0)
        if status >= 400:
            raw.close()
            raise FetchError(url, f"HTTP {status} {_reason(status, raw.reason)}")
        if status != 200:
            raw.close()
            raise FetchError(url, f"HTTP {status} {raw.reason or ''}, not a page".strip())
        declared = raw.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > opts.max_bytes:
            raw.close()
            limit = _size(opts.max_bytes)
            raise FetchError(
                url,
                f"too big: says {counted(int(declared), 'byte', grouped=True)}, "
                f"over the {limit} limit",
            )
        deadline = time.monotonic() + opts.total_timeout
        chunks: list[bytes] = []
        total = 0
        try:
            # read1: whatever has arrived, so a trickling server meets the deadline
            while chunk := raw.read1(_CHUNK, decode_content=True):
                total += len(chunk)
                if total > opts.max_bytes:
                    raw.close()
                    raise FetchError(
                        url, f"too big: more than {_size(opts.max_bytes)} (stopped reading)"
                    )
                if time.monotonic() > deadline:
                    raw.close()
                    raise FetchError(url, f"too slow: not whole after {opts.total_timeout:g} s")
                chunks.append(chunk)
        except urllib3.exceptions.HTTPError as exc:
            problem = _classify(url, exc)
            raise FetchError(url, problem.problem) from exc
        body = b"".join(chunks)
        self.stats.add(body_bytes=len(body))
        return Response(url, url, status, body, content_type, charset, validators, raw.tell())


class _Transient(Exception):
    """A failure worth another attempt (timeout, reset), with its one-line problem."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class _RetryLater(Exception):
    """429 or 5xx: the server asked us to come back (after ``after`` seconds, if it said)."""

    def __init__(self, status: int, after: float | None) -> None:
        super().__init__(status)
        self.status = status
        self.after = after


def _classify(url: str, exc: urllib3.exceptions.HTTPError) -> _Transient | FetchError:
    errors = urllib3.exceptions
    short = _cause(exc, errors.IncompleteRead)
    if isinstance(short, errors.IncompleteRead):
        announced = short.partial + short.expected
        return FetchError(
            url,
            f"cut short: {counted(short.partial, 'byte', grouped=True)} arrived "
            f"of the {announced:,} its "
            "Content-Length announced",
        )
    if isinstance(exc, errors.NameResolutionError):
        return FetchError(url, f"DNS lookup failed ({exc.__cause__ or exc})")
    if isinstance(exc, errors.ConnectTimeoutError):
        return _Transient("timed out connecting")
    if isinstance(exc, errors.ReadTimeoutError):
        return _Transient("timed out waiting for the server")
    if isinstance(exc, errors.DecodeError):
        return FetchError(url, "body does not decompress (bad gzip/deflate)")
    if isinstance(exc, errors.SSLError):
        return FetchError(url, f"TLS error ({exc})")
    if isinstance(exc, errors.NewConnectionError):
        return _Transient(f"cannot connect ({_root_cause(exc)})")
    if isinstance(exc, errors.ProtocolError):
        return _Transient(f"connection broken ({_root_cause(exc)})")
    return FetchError(url, f"HTTP error ({exc})")


def _cause(exc: BaseException, kind: type[BaseException]) -> BaseException | None:
    """The first exception of ``kind`` in ``exc``'s chain or arguments (urllib3 wraps)."""
    todo: list[BaseException] = [exc]
    visited: set[int] = set()
    while todo:
        current = todo.pop()
        if id(current) in visited:
            continue
        visited.add(id(current))
        if isinstance(current, kind):
            return current
        todo.extend(a for a in current.args if isinstance(a, BaseException))
        todo.extend(c for c in (current.__cause__, current.__context__) if c is not None)
    return None


def _root_cause(exc: BaseException) -> str:
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__  # type: ignore[assignment]
    return str(exc) or type(exc).__name__


_REASONS = {
    404: "Not Found",
    410: "Gone (the page was removed)",
    401: "Unauthorized (needs a login)",
    403: "Forbidden",
    451: "Unavailable For Legal Reasons",
}


def _reason(status: int, given: str | None) -> str:
    return _REASONS.get(status) or given or "error"


def _size(n: int) -> str:
    return f"{n / 2**20:g} MiB"


def _content_type(header: str) -> tuple[str, str | None]:
    media, _, params = header.partition(";")
    charset = None
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def _retry_after(value: str) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP-date)."""
    value = value.strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class _Robots:
    """One origin's robots.txt, fetched once per run (RFC 9309 rules for failures)."""

    def __init__(self, origin: str) -> None:
        self.origin = origin
        self._lock = threading.Lock()
        self._parser: urllib.robotparser.RobotFileParser | None = None
        self._blocked: str | None = None
        self._done = False

    def verdict(self, url: str, fetcher: Fetcher) -> str | None:
        with self._lock:
            if not self._done:
                self._load(fetcher)
                self._done = True
        if self._blocked:
            return self._blocked
        if self._parser is not None and not self._parser.can_fetch(ROBOTS_AGENT, url):
            return "refused: robots.txt disallows it"
        return None

    def _load(self, fetcher: Fetcher) -> None:
        store = fetcher.robots_store
        body = store.robots(self.origin, ROBOTS_MAX_AGE_S) if store is not None else None
        if body is None:
            body = self._fetch(fetcher)
            if body is None:
                return
            if store is not None:
                store.save_robots(self.origin, body)
        parser = urllib.robotparser.RobotFileParser(f"{self.origin}/robots.txt")
        parser.parse(body[:MAX_ROBOTS_BYTES].decode("utf-8", errors="replace").splitlines())
        self._parser = parser
        delay = parser.crawl_delay(ROBOTS_AGENT)
        if delay:
            host = urlsplit(self.origin).hostname or ""
            fetcher._gate.set_delay(host, min(float(delay), MAX_CRAWL_DELAY_S))

    def _fetch(self, fetcher: Fetcher) -> bytes | None:
        """The file's bytes; b"" when there is none (4xx: everything allowed, RFC 9309);
        None when it could not be read (5xx blocks the origin this run)."""
        try:
            return fetcher.fetch(
                f"{self.origin}/robots.txt", accept="text/plain", robots=False
            ).body
        except Refused:
            return None  # the page itself will be refused with the same reason
        except FetchError as exc:
            if exc.problem.startswith("HTTP 4"):
                return b""
            if exc.problem.startswith("HTTP 5"):
                self._blocked = f"refused: robots.txt unavailable ({exc.problem})"
            return None  # an unreachable host: the page fetch reports the real error
