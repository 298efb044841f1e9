"""The HTML digest and briefings: written beside the Markdown, self-contained, and
checked in a real browser (headless Chromium) opened from disk and from a web server."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from browser import CHROMIUM, chromium
from typer.testing import CliRunner

from summarize.cli import app
from summarize.output.html import HtmlRenderer
from summarize.records import Article, Briefing, Mentions, Pair

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None, reason="headless Chromium not installed (Debian: apt-get install chromium)"
)
WIDE, PHONE = (1280, 900), (390, 844)


@pytest.fixture(scope="module")
def runs(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("html")
    out = {}
    for lang, extra in (("en", ["--model", str(tiny_model), "--beams", "1"]), ("it", [])):
        folder = base / lang
        result = CliRunner().invoke(
            app, [str(SEEDS), "--lang", lang, "--no-cache", "--out", str(folder), *extra]
        )
        assert result.exit_code == 0, result.output
        out[lang] = folder
    return out


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.tags: set[str] = set()
        self.srcs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if tag == "a" and found.get("href"):
            self.hrefs.append(found["href"] or "")
        if found.get("src"):
            self.srcs.append(found["src"] or "")


def _refs(path: Path) -> _Refs:
    parser = _Refs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _pages(out: Path) -> list[Path]:
    return [out / "digest.html", *sorted((out / "briefings").glob("*.html"))]


def test_html_pages_are_written_beside_the_markdown(runs: dict[str, Path]) -> None:
    for out in runs.values():
        assert (out / "digest.html").is_file()
        md = sorted(p.stem for p in (out / "briefings").glob("*.md"))
        html = sorted(p.stem for p in (out / "briefings").glob("*.html"))
        assert md == html and len(html) == 2


def test_pages_are_self_contained_and_their_links_resolve_on_disk(runs: dict[str, Path]) -> None:
    for out in runs.values():
        for page in _pages(out):
            refs = _refs(page)
            text = page.read_text(encoding="utf-8")
            assert "script" not in refs.tags and not refs.srcs, "no script, no fetched resource"
            assert "link" not in refs.tags and "@import" not in text and "url(" not in text
            for href in refs.hrefs:
                parts = urlsplit(href)
                if parts.scheme in {"http", "https"}:
                    continue  # an article's own address, a link for the reader, not a resource
                assert not parts.scheme and not href.startswith("/"), f"{page.name}: {href}"
                target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
                assert target.is_file(), f"{page.name}: {href} does not resolve"
                if parts.fragment and target.suffix == ".html":
                    assert parts.fragment in _refs(target).ids, f"{page.name}: {href}"
        digest_links = {h.split("#")[0] for h in _refs(out / "digest.html").hrefs}
        for briefing in (out / "briefings").glob("*.html"):
            assert f"briefings/{briefing.name}" in digest_links
            assert "../digest.html" in _refs(briefing).hrefs


def test_article_text_is_escaped() -> None:
    hostile = 'Titolo <script>alert(1)</script> e &amp; "citato"'
    article = Article(source="a.html", title=hostile, url="javascript:alert(1)")
    briefing = Briefing(
        source="a.html",
        slug="a",
        lang="en",
        article=article,
        title=Pair(hostile, hostile),
        key_points=[Pair(hostile, "<b>bold</b>")],
        summary=[Pair(hostile, hostile)],
        mentions=Mentions([], [], []),
        words=1,
        reading_minutes=1,
    )
    page = HtmlRenderer().briefing(briefing)
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;" in page and "&amp;amp;" in page
    assert "javascript:" not in page, "only http(s) addresses become links"


# --- in the browser ------------------------------------------------------------------
_LAYOUT = """(() => {
  const pairs = [...document.querySelectorAll('.pair')].map(p => {
    const a = p.querySelector('.it').getBoundingClientRect();
    const b = p.querySelector('.tr').getBoundingClientRect();
    return {it: [a.left, a.top, a.right, a.bottom], tr: [b.left, b.top, b.right, b.bottom]};
  });
  return {pairs, scroll: document.documentElement.scrollWidth, width: window.innerWidth,
          links: [...document.querySelectorAll('a[href]')].map(a => a.href)};
})()"""


def _check_layout(layout: dict, *, wide: bool) -> None:
    assert layout["pairs"], "the page shows Italian/translation pairs"
    for pair in layout["pairs"]:
        (il, it, ir, ib), (tl, tt, tr, _) = pair["it"], pair["tr"]
        if wide:  # two columns: side by side, same top, translation on the right
            assert abs(it - tt) <= 2 and tl >= ir, pair
        else:  # one column: the translation right under its Italian, same left edge band
            assert tt >= ib - 1 and tt - ib < 40 and tl < ir and il < tr, pair
    assert layout["scroll"] <= layout["width"], "no sideways scrolling"


def _file_links_resolve(links: list[str]) -> None:
    for link in links:
        parts = urlsplit(link)
        if parts.scheme == "file":
            assert Path(unquote(parts.path)).is_file(), link


@needs_chromium
def test_digest_and_briefings_in_chromium_from_disk(runs: dict[str, Path], tmp_path: Path) -> None:
    out = runs["en"]
    with chromium() as page:
        page.open((out / "digest.html").as_uri(), *WIDE)
        assert page.console_errors() == []
        layout = page.evaluate(_LAYOUT)
        _check_layout(layout, wide=True)
        _file_links_resolve(layout["links"])
        shot = page.screenshot(tmp_path / "digest.png")
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        if os.environ.get("BRIEF_SCREENSHOT"):
            shutil.copy(shot, os.environ["BRIEF_SCREENSHOT"])
        briefing_links = [u for u in layout["links"] if "/briefings/" in u]
        assert len(set(briefing_links)) == 2
        for url in sorted(set(briefing_links)):
            for size, wide in ((WIDE, True), (PHONE, False)):
                page.open(url, *size, mobile=not wide)
                assert page.console_errors() == [], url
                inner = page.evaluate(_LAYOUT)
                _check_layout(inner, wide=wide)
                _file_links_resolve(inner["links"])
                assert (out / "digest.html").as_uri() in inner["links"]
        page.open((out / "digest.html").as_uri(), *PHONE, mobile=True)
        assert page.console_errors() == []
        _check_layout(page.evaluate(_LAYOUT), wide=False)
        page.open((runs["it"] / "digest.html").as_uri(), *PHONE, mobile=True)
        assert page.console_errors() == []


@pytest.fixture
def served(runs: dict[str, Path]) -> Iterator[str]:
    handler = functools.partial(
        _QuietHandler, directory=str(runs["en"])
    )  # any static server will do; this is the simplest
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@needs_chromium
def test_digest_in_chromium_from_a_static_web_server(served: str) -> None:
    with chromium() as page:
        page.open(urljoin(served, "digest.html"), *WIDE)
        assert page.console_errors() == []
        links = page.evaluate(_LAYOUT)["links"]
        local = {u.split("#")[0] for u in links if u.startswith(served)}
        assert any("/briefings/" in u for u in local)
        for url in sorted(local):
            with urllib.request.urlopen(url, timeout=10) as response:
                assert response.status == 200, url
            if url.endswith(".html"):
                page.open(url, *PHONE, mobile=True)
                assert page.console_errors() == [], url


@needs_chromium
def test_the_console_check_sees_a_blocked_resource(tmp_path: Path, runs: dict[str, Path]) -> None:
    """The check above can fail: an external image under our page's policy is an error."""
    page_text = (runs["en"] / "digest.html").read_text(encoding="utf-8")
    bad = tmp_path / "bad.html"
    bad.write_text(page_text.replace("</main>", '<img src="http://127.0.0.1:9/x.png"></main>'))
    with chromium() as page:
        page.open(bad.as_uri(), *WIDE)
        assert page.console_errors(), "a blocked fetch must show up as a console error"
