"""A real HTTP server on 127.0.0.1 for the web tests: pages and feeds made from the gold
articles, plus the misbehaving endpoints a crawler meets (slow, 429, redirect loop,
Content-Length lie, gzip bomb). Routes can change between two runs; every request is
logged with its headers and timing."""

from __future__ import annotations

import contextlib
import html
import signal
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "gold"


def gold_articles() -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of the gold articles, the body of the test pages."""
    found = []
    for path in sorted(GOLD.glob("*.gold.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
        if len(lines) >= 4:
            found.append((lines[0], lines[1:]))
    return found


def article_page(title: str, paragraphs: list[str], canonical: str | None = None) -> bytes:
    head = f"<title>{html.escape(title)}</title>"
    if canonical:
        head += f'<link rel="canonical" href="{html.escape(canonical)}">'
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html lang='it'><head><meta charset='utf-8'>{head}</head><body>"
        f"<nav><a href='/'>Home</a> <a href='/esteri'>Esteri</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>{body}</article>"
        f"<footer>© Testata di prova</footer></body></html>"
    ).encode()


def rss(base: str, links: list[tuple[str, str]]) -> bytes:
    items = "".join(
        f"<item><title>{html.escape(t)}</title><link>{html.escape(u)}</link>"
        f"<guid>{html.escape(u)}</guid></item>"
        for u, t in links
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Prova</title><link>{base}/</link><description>d</description>{items}"
        f"</channel></rss>"
    ).encode()


def atom(base: str, links: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f'<entry><title>{html.escape(t)}</title><link href="{html.escape(u)}"/>'
        f"<id>{html.escape(u)}</id><updated>2026-11-26T10:00:00Z</updated></entry>"
        for u, t in links
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Prova Atom</title><id>{base}/atom</id><updated>2026-11-26T10:00:00Z</updated>"
        f"{entries}</feed>"
    ).encode()


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    delay: float = 0.0
    trickle: float = 0.0  # seconds between single bytes of the body
    sequence: list[Route] | None = None  # answers in turn (the last one repeats)
    stream: Callable[[], Iterator[bytes]] | None = None


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    start: float
    end: float = 0.0
    status: int = 0
    answered: bool = False


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up early (a refused bomb, a timeout) is what the tests do."""


class Loopback:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self.active = 0
        self.max_active = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server._serve(self)

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths(self) -> list[str]:
        return [h.path for h in self.hits]

    def reset_log(self) -> None:
        with self._lock:
            self.hits.clear()
            self.max_active = 0

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        hit = Hit(handler.path, dict(handler.headers.items()), time.monotonic())
        with self._lock:
            self.hits.append(hit)
            self.active += 1
            self.max_active = max(self.max_active, self.active)
            route = self.routes.get(handler.path.split("?", 1)[0])
            if route is not None and route.sequence:
                route = route.sequence.pop(0) if len(route.sequence) > 1 else route.sequence[0]
        try:
            self._answer(handler, route, hit)
        except (BrokenPipeError, ConnectionResetError):
            hit.status = -1
        finally:
            self._done(hit)
            hit.end = time.monotonic()

    def _done(self, hit: Hit) -> None:
        """Stop counting ``hit`` as in flight (once). Called before the answer's first
        byte, so a client that has its answer and starts the next request is never
        still counted: ``max_active`` is exact, not a race."""
        with self._lock:
            if not hit.answered:
                hit.answered = True
                self.active -= 1

    def _answer(self, h: BaseHTTPRequestHandler, route: Route | None, hit: Hit) -> None:
        """Answer ``h``; the status goes into ``hit`` before a byte is sent, so a client
        that has its answer never sees the hit without it."""
        if route is None:
            route = Route(404, b"<html><body>not found</body></html>")
        if route.delay:
            time.sleep(route.delay)
        self._done(hit)
        if route.etag and h.headers.get("If-None-Match") == route.etag:
            hit.status = 304
            h.send_response(304)
            h.send_header("ETag", route.etag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        hit.status = route.status
        h.send_response(route.status)
        h.send_header("Content-Type", route.content_type)
        if route.etag:
            h.send_header("ETag", route.etag)
        for name, value in route.headers.items():
            h.send_header(name, value)
        if route.stream is not None:
            h.send_header("Connection", "close")
            h.end_headers()
            for chunk in route.stream():
                h.wfile.write(chunk)
            h.close_connection = True
            return
        if "Content-Length" not in route.headers:
            h.send_header("Content-Length", str(len(route.body)))
        else:
            h.send_header("Connection", "close")
            h.close_connection = True
        h.end_headers()
        if route.trickle:
            for i in range(len(route.body)):
                h.wfile.write(route.body[i : i + 1])
                h.wfile.flush()
                time.sleep(route.trickle)
        else:
            h.wfile.write(route.body)


def gzip_bomb(megabytes: int) -> Callable[[], Iterator[bytes]]:
    """A gzip stream that inflates to ``megabytes`` MB of zeros (~1000:1)."""

    def stream() -> Iterator[bytes]:
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = b"\0" * (1024 * 1024)
        for _ in range(megabytes):
            data = compressor.compress(block)
            if data:
                yield data
        yield compressor.flush()

    return stream


def http_date(seconds_from_now: float = 0.0) -> str:
    return formatdate(time.time() + seconds_from_now, usegmt=True)


@contextlib.contextmanager
def deadline(seconds: int, what: str) -> Iterator[None]:
    """No test may hang the suite: SIGALRM ends ``what`` after ``seconds``."""

    def expired(*_: object) -> None:
        raise TimeoutError(f"{what} ran over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
