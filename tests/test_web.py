"""From the web: URLs and feeds in, what is new out. Every test talks to a real HTTP
server on 127.0.0.1 (tests/loopback.py); nothing reaches beyond loopback. Politeness
delays are shrunk through WebOptions except in the one test that measures the defaults."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from loopback import Loopback, Route, article_page, atom, deadline, gold_articles, gzip_bomb, rss
from typer.testing import CliRunner

from summarize.cli import app
from summarize.inputs.web import Fetcher, FetchError, Refused, WebOptions
from summarize.pipeline import RunOptions, run
from summarize.state import NoveltyOptions
from summarize.translation.translate import TranslateOptions

FAST = WebOptions(allow_private=True, delay=0.01, backoff=0.05, read_timeout=2.0)
ARTICLES = gold_articles()
# No test may hang the suite: each gets this many seconds (SIGALRM).
TEST_TIMEOUT_S = 60


@pytest.fixture(autouse=True)
def _deadline() -> Iterator[None]:
    with deadline(TEST_TIMEOUT_S, "web test"):
        yield


def publish(srv: Loopback, n: int, *, prefix: str = "/art", canonical: bool = True) -> list[str]:
    """Article pages 0..n-1 from the gold set; returns their URLs."""
    urls = []
    for i in range(n):
        title, paragraphs = ARTICLES[i]
        path = f"{prefix}{i}.html"
        srv.routes[path] = Route(
            body=article_page(title, paragraphs, srv.url(path) if canonical else None)
        )
        urls.append(srv.url(path))
    return urls


def feed(srv: Loopback, path: str, urls: list[str], *, kind: str = "rss", etag: str = "") -> str:
    items = [(u, f"item {i}") for i, u in enumerate(urls)]
    body = rss(srv.base, items) if kind == "rss" else atom(srv.base, items)
    srv.routes[path] = Route(
        body=body, content_type="application/xml", etag=etag or f'"{hash(body)}"'
    )
    return srv.url(path)


def brief_web(inputs: list[str], out: str | Path, **novelty: object) -> object:
    options = RunOptions(
        out=str(out),
        translate=TranslateOptions(lang="it"),
        web=FAST,
        novelty=NoveltyOptions(**novelty),  # type: ignore[arg-type]
    )
    return run(inputs, options)


def digest(folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((folder / "digest.json").read_text())


# --- the acceptance commands -------------------------------------------------------------


def test_two_feeds_brief_their_items_into_the_dated_folder(
    server: Loopback, tiny_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    urls = publish(server, 3)  # the CLI runs at the default politeness: few requests
    feeds = [feed(server, "/feed/", urls[:1]), feed(server, "/rss.xml", urls[1:2], kind="atom")]
    monkeypatch.chdir(tmp_path)
    cache = str(tmp_path / "cache")
    args = [*feeds, "--lang", "en", "--model", str(tiny_model), "--beams", "1",
            "--out", "out/%Y-%m-%d", "--allow-private", "--cache", cache]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    [folder] = [p for p in (tmp_path / "out").iterdir() if p.is_dir()]
    data = digest(folder)
    assert sorted(a["source"] for a in data["articles"]) == sorted(urls[:2])
    assert all(a["title"]["en"] for a in data["articles"])
    assert "2 briefed, 0 failed, 2 new" in result.output
    assert (tmp_path / "out" / ".brief-state.sqlite3").exists()
    assert server.hits[0].headers["User-Agent"].startswith("brief/0.")
    first_translated = data["run"]["translated"]

    feed(server, "/feed/", [urls[0], urls[2]])  # an hour later, one feed has one more item
    server.reset_log()
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "3 briefed, 0 failed, 1 new" in result.output
    assert [h.path for h in server.hits if h.path.startswith("/art")] == ["/art2.html"]
    data = digest(folder)
    assert sorted(a["source"] for a in data["articles"]) == sorted(urls)
    assert 0 < data["run"]["translated"] < first_translated, "only the new article's text"
    assert data["run"]["cached"] > 0


def test_one_page_url_in_german(server: Loopback, tiny_model: Path, tmp_path: Path) -> None:
    [url] = publish(server, 1, prefix="/esteri/articolo-")
    result = CliRunner().invoke(
        app,
        [url + "?utm_source=rss&utm_medium=feed", "--lang", "de", "--model", str(tiny_model),
         "--beams", "1", "--out", str(tmp_path), "--allow-private", "--no-cache"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    [article] = digest(tmp_path)["articles"]
    assert set(article["title"]) == {"it", "de"}


def test_a_list_file_and_an_opml_export(server: Loopback, tmp_path: Path) -> None:
    urls = publish(server, 3)
    listed = tmp_path / "feeds.txt"
    listed.write_text(f"# my feeds\n{feed(server, '/a.xml', urls[:1])}\n\n{urls[1]}\n")
    opml = tmp_path / "subscriptions.opml"
    feeds_b = feed(server, "/b.xml", urls[2:])
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>'
        f'<outline text="Esteri"><outline type="rss" text="b" xmlUrl="{feeds_b}"/>'
        "</outline></body></opml>"
    )
    result = brief_web([str(listed), str(opml)], tmp_path / "out")
    assert result.exit_code == 0, result.digest.failures
    assert sorted(b.source for b in result.digest.briefings) == sorted(urls)


def test_feeds_are_told_by_content_not_by_name_or_type(server: Loopback, tmp_path: Path) -> None:
    urls = publish(server, 2)
    rss091 = (
        '<?xml version="1.0"?><rss version="0.91"><channel><title>t</title><link>x</link>'
        f"<description>d</description><item><title>a</title><link>{urls[0]}</link></item>"
        "</channel></rss>"
    )
    rdf = (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/"><channel rdf:about="x"><title>t</title></channel>'
        f'<item rdf:about="{urls[1]}"><title>b</title><link>{urls[1]}</link></item></rdf:RDF>'
    )
    # served as HTML pages with .html names, as some Italian outlets do
    server.routes["/ultime.html"] = Route(body=rss091.encode())
    server.routes["/rss10.html"] = Route(body=rdf.encode(), content_type="text/plain")
    result = brief_web([server.url("/ultime.html"), server.url("/rss10.html")], tmp_path / "out")
    assert result.exit_code == 0, result.digest.failures
    assert sorted(b.source for b in result.digest.briefings) == sorted(urls)


# --- what is new ---------------------------------------------------------------------------


def test_hourly_runs_brief_only_the_new_item_and_an_unchanged_feed_costs_a_304(
    server: Loopback, tmp_path: Path
) -> None:
    urls = publish(server, 5)
    url = feed(server, "/feed/", urls[:3], etag='"v1"')
    out = tmp_path / "out" / "%Y-%m-%d"
    first = brief_web([url], out)
    assert first.new == 3 and first.exit_code == 0
    folder = first.out

    feed(server, "/feed/", urls[:4], etag='"v2"')  # an hour later: one more item
    server.reset_log()
    second = brief_web([url], out)
    assert second.new == 1
    assert [p for p in server.paths() if p.startswith("/art")] == ["/art3.html"]
    assert (
        server.hits[[h.path for h in server.hits].index("/feed/")].headers.get("If-None-Match")
        == '"v1"'
    )
    data = digest(folder)
    assert sorted(a["source"] for a in data["articles"]) == sorted(urls[:4])
    assert data["run"]["new"] == [urls[3]]
    assert data["run"]["previous_digest"] is not None
    assert "🆕 1 nuovo" in (folder / "digest.md").read_text()

    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    mtimes = {p: p.stat().st_mtime_ns for p in before}
    server.reset_log()
    third = brief_web([url], out)
    assert third.new == 0 and third.unchanged and third.exit_code == 0
    assert [(h.path, h.status) for h in server.hits] == [("/feed/", 304)]
    assert {p: p.stat().st_mtime_ns for p in before} == mtimes, "no file may change"

    args = [url, "--lang", "it", "--out", str(out), "--allow-private"]
    CliRunner().invoke(app, args)  # the CLI's own settings: the digest is written once more
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0
    assert result.output.startswith("brief: 0 new, digest unchanged (4 articles")


def test_next_day_folder_gets_only_what_is_new_there(server: Loopback, tmp_path: Path) -> None:
    urls = publish(server, 3)
    url = feed(server, "/feed/", urls[:2])
    today = brief_web([url], tmp_path / "out" / "%Y-%m-%d")
    feed(server, "/feed/", urls[:3], etag='"tomorrow"')
    tomorrow = brief_web([url], tmp_path / "out" / "%Y-%m-%d-next")
    assert [b.source for b in tomorrow.digest.briefings] == [urls[2]]
    assert len(digest(today.out)["articles"]) == 2, "yesterday's digest is left as it was"


def test_a_failing_feed_is_reported_and_its_earlier_items_stay(
    server: Loopback, tmp_path: Path
) -> None:
    urls = publish(server, 2)
    url = feed(server, "/feed/", urls)
    out = tmp_path / "out"
    assert brief_web([url], out).exit_code == 0
    server.routes["/feed/"] = Route(503, b"down", headers={"Retry-After": "0"})
    again = brief_web([url], out)
    assert again.exit_code == 1
    data = digest(out)
    assert [e["source"] for e in data["errors"]] == [url]
    assert "HTTP 503" in data["errors"][0]["error"]
    assert sorted(a["source"] for a in data["articles"]) == sorted(urls)


def test_a_reposted_link_with_tracking_or_another_address_is_not_new(
    server: Loopback, tmp_path: Path
) -> None:
    [url] = publish(server, 1)
    out = tmp_path / "out"
    assert brief_web([feed(server, "/feed/", [url])], out).new == 1
    title, paragraphs = ARTICLES[0]
    server.routes["/mirror.html"] = Route(body=article_page(title, paragraphs, url))
    reposted = [url + "?utm_source=twitter&utm_campaign=x", server.url("/mirror.html")]
    again = brief_web([feed(server, "/feed/", reposted, etag='"v2"')], out)
    assert again.new == 0
    assert "/art0.html?utm_source=twitter&utm_campaign=x" not in server.paths()


def test_all_and_since_select_regardless_of_the_folder(server: Loopback, tmp_path: Path) -> None:
    urls = publish(server, 2)
    url = feed(server, "/feed/", urls)
    brief_web([url], tmp_path / "out" / "%Y-%m-%d")
    elsewhere = tmp_path / "out" / "%Y-%m-%d-adhoc"
    assert brief_web([url], elsewhere).digest.briefings == []
    assert len(brief_web([url], elsewhere, mode="since", since="24h").digest.briefings) == 2
    assert brief_web([url], elsewhere, mode="since", since="2999-01-01").digest.briefings == []
    server.reset_log()
    everything = brief_web([url], elsewhere, mode="all")
    assert len(everything.digest.briefings) == 2
    assert sum(p.startswith("/art") for p in server.paths()) == 2, "--all fetches again"


def test_near_duplicates_become_one_briefing_with_every_source(
    server: Loopback, tmp_path: Path
) -> None:
    title, paragraphs = ARTICLES[0]
    server.routes["/sito-a/storia.html"] = Route(body=article_page(title, paragraphs))
    copy = ["Ultim'ora: " + title, *paragraphs[:-1], "Riproduzione riservata © Altro Sito"]
    server.routes["/sito-b/agenzia.html"] = Route(body=article_page(copy[0], copy[1:]))
    other = publish(server, 2)[1]
    links = [server.url("/sito-a/storia.html"), server.url("/sito-b/agenzia.html"), other]
    result = brief_web([feed(server, "/feed/", links)], tmp_path / "out")
    assert len(result.digest.briefings) == 2
    merged = next(b for b in result.digest.briefings if b.also_published)
    assert merged.source == links[0]
    assert merged.also_published == [links[1]]
    briefing = (result.out / "briefings" / f"{merged.slug}.md").read_text()
    assert "Pubblicato anche da" in briefing and "/sito-b/agenzia.html" in briefing
    assert result.new == 3, "the copy is recorded too, so it is not new next time"


# --- safety --------------------------------------------------------------------------------


def test_refused_links_are_listed_with_reasons(server: Loopback, tmp_path: Path) -> None:
    [good] = publish(server, 1)
    server.routes["/to-metadata"] = Route(
        302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
    )
    links = [
        good,
        "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
        "file:///etc/passwd",
        "data:text/html,<p>ciao</p>",
        server.url("/to-metadata"),
    ]
    result = brief_web([feed(server, "/feed/", links)], tmp_path / "out")
    assert result.exit_code == 1
    # feedparser writes file:///etc/passwd as file://etc/passwd: match on the scheme
    errors = {e["source"].split("/")[0]: e["error"] for e in digest(result.out)["errors"]}
    errors.update({e["source"]: e["error"] for e in digest(result.out)["errors"]})
    assert "link-local" in errors[links[1]]
    assert "file: is not fetched" in errors["file:"]
    assert "data: is not fetched" in errors[links[3]]
    assert "link-local" in errors[links[4]], "a redirect is checked like the first hop"
    assert len(digest(result.out)["errors"]) == 4
    assert [b.source for b in result.digest.briefings] == [good]


def test_private_addresses_need_allowing(server: Loopback, tmp_path: Path) -> None:
    [url] = publish(server, 1)
    localhost = url.replace("127.0.0.1", "localhost")
    options = RunOptions(out=str(tmp_path), translate=TranslateOptions(lang="it"))
    result = run([url, localhost], options)
    assert result.exit_code == 1
    problems = [f.error for f in result.digest.failures]
    assert all("loopback address" in p for p in problems), problems
    assert "localhost resolves to 127.0.0.1" in problems[1]
    assert server.hits == [], "nothing was sent"


def test_the_cli_says_which_flag_allows_a_private_address(server: Loopback, tmp_path: Path) -> None:
    [url] = publish(server, 1)
    metadata = "http://169.254.169.254/latest/meta-data/"
    result = CliRunner().invoke(app, [url, metadata, "--lang", "it", "--out", str(tmp_path)])
    assert result.exit_code == 1
    failed = [line for line in result.stderr.splitlines() if "failed:" in line]
    lines = {source: next(li for li in failed if source + ":" in li) for source in (url, metadata)}
    assert "add --allow-private" in lines[url]
    assert "--allow-private" not in lines[metadata], "link-local is never allowed"
    errors = {e["source"]: e["error"] for e in digest(tmp_path)["errors"]}
    assert "add --allow-private" in errors[url]
    assert server.hits == []


@pytest.mark.parametrize(
    ("address", "private_ok", "refused_for"),
    [
        ("10.1.2.3", True, "private"),
        ("192.168.1.1", True, "private"),
        ("172.16.0.9", True, "private"),
        ("100.64.0.1", True, "private"),  # carrier-grade NAT: not on the internet either
        ("::1", True, "loopback"),
        ("127.8.8.8", True, "loopback"),
        ("169.254.169.254", False, "link-local"),
        ("fe80::1", False, "link-local"),
        ("::ffff:169.254.169.254", False, "link-local"),
        ("0.0.0.0", False, "not a unicast"),
        ("224.0.0.1", False, "not a unicast"),
    ],
)
def test_address_rules(address: str, private_ok: bool, refused_for: str) -> None:
    from summarize.inputs.web import address_refusal

    assert refused_for in (address_refusal(address, allow_private=False) or "")
    assert (address_refusal(address, allow_private=True) is None) == private_ok
    assert address_refusal("151.101.1.1", allow_private=False) is None


def test_the_connected_address_is_checked_whatever_dns_said(server: Loopback) -> None:
    """The socket-level guard alone (no DNS pre-check): what a rebinding resolver meets."""
    import urllib3

    from summarize.inputs.web import _guarded_pools, _RefusedAddress

    pool = urllib3.PoolManager(retries=False)
    pool.pool_classes_by_scheme = _guarded_pools(allow_private=False)
    with pytest.raises(_RefusedAddress, match="loopback"):
        pool.request("GET", server.url("/"), timeout=2.0)
    assert server.hits == []


# --- bounds and manners ---------------------------------------------------------------------


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    f = Fetcher(WebOptions(allow_private=True, delay=0.01, backoff=0.05, read_timeout=0.5,
                           total_timeout=1.0, max_bytes=1024 * 1024))  # fmt: skip
    yield f
    f.close()


def problem(fetcher: Fetcher, url: str) -> str:
    with pytest.raises(FetchError) as caught:
        fetcher.fetch(url)
    return caught.value.problem


def test_every_failure_is_one_line(server: Loopback, fetcher: Fetcher) -> None:
    server.routes["/slow"] = Route(body=b"<html>late</html>", delay=2.0)
    server.routes["/trickle"] = Route(body=b"<html>" + b"x" * 200 + b"</html>", trickle=0.02)
    server.routes["/loop"] = Route(302, headers={"Location": "/loop2"})
    server.routes["/loop2"] = Route(302, headers={"Location": "/loop"})
    server.routes["/gone"] = Route(410, b"gone")
    server.routes["/lie"] = Route(
        body=b"<html>small</html>", headers={"Content-Length": "5368709120"}
    )
    server.routes["/bomb"] = Route(stream=gzip_bomb(200), headers={"Content-Encoding": "gzip"})
    server.routes["/never"] = Route(429, headers={"Retry-After": "3600"})
    expected = {
        "/slow": "timed out waiting for the server",
        "/trickle": "too slow",
        "/loop": "redirect loop",
        "/gone": "HTTP 410 Gone",
        "/missing": "HTTP 404 Not Found",
        "/lie": "too big: says 5,368,709,120 bytes",
        "/bomb": "too big: more than 1 MiB",
        "/never": "asked to retry after 3600 s",
    }
    for path, words in expected.items():
        text = problem(fetcher, server.url(path))
        assert words in text and "\n" not in text, (path, text)
    assert fetcher.stats.wire_bytes < 1024 * 1024, "neither the lie nor the bomb was read whole"
    assert problem(fetcher, "http://no-such-host.invalid/").startswith("DNS lookup failed")


def test_429_is_retried_after_the_time_it_asks(server: Loopback, fetcher: Fetcher) -> None:
    server.routes["/busy"] = Route(
        sequence=[Route(429, headers={"Retry-After": "1"}), Route(body=b"<html>ok</html>")]
    )
    started = time.monotonic()
    assert fetcher.fetch(server.url("/busy")).body == b"<html>ok</html>"
    assert time.monotonic() - started >= 0.95
    assert [h.status for h in server.hits if h.path == "/busy"] == [429, 200]


def test_robots_txt_is_honoured(server: Loopback, fetcher: Fetcher) -> None:
    server.routes["/robots.txt"] = Route(
        body=b"User-agent: brief\nDisallow: /private/\n", content_type="text/plain"
    )
    server.routes["/private/a.html"] = Route(body=b"<html>secret</html>")
    with pytest.raises(Refused, match=r"robots\.txt disallows"):
        fetcher.fetch(server.url("/private/a.html"))
    assert "/private/a.html" not in server.paths()


def test_pages_that_are_not_articles_fail_alone(server: Loopback, tmp_path: Path) -> None:
    [good] = publish(server, 1)
    server.routes["/report.pdf"] = Route(body=b"%PDF-1.7 ...", content_type="application/pdf")
    server.routes["/paywall.html"] = Route(
        body=b"<html><head><title>Abbonati</title></head><body><h1>Abbonati per leggere"
        b"</h1><p>Contenuto riservato agli abbonati.</p></body></html>"
    )
    links = [good, server.url("/report.pdf"), server.url("/paywall.html"), server.url("/gone")]
    result = brief_web([feed(server, "/feed/", links)], tmp_path / "out")
    errors = {f.source: f.error for f in result.digest.failures}
    assert "not HTML (application/pdf)" in errors[links[1]]
    assert "no article text" in errors[links[2]]
    assert "HTTP 404" in errors[links[3]]
    assert [b.source for b in result.digest.briefings] == [good]


def test_per_host_concurrency_and_delay(server: Loopback) -> None:
    for i in range(6):
        server.routes[f"/p{i}"] = Route(body=b"<html>x</html>", delay=0.1)
    options = WebOptions(allow_private=True, per_host=2, delay=0.15, workers=6)
    from summarize.inputs.remote import WebInputs

    with WebInputs(options, None) as web:
        futures = [web._pool.submit(web.fetcher.fetch, server.url(f"/p{i}")) for i in range(6)]
        for future in futures:
            future.result(timeout=20)
    assert server.max_active <= 2
    starts = sorted(h.start for h in server.hits if h.path.startswith("/p"))
    # Starts leave the client 0.15 s apart; an arrival the loaded server saw late by up to
    # a delay still leaves two consecutive gaps holding one whole delay.
    pairs = [c - a for a, _, c in zip(starts, starts[1:], starts[2:], strict=False)]
    assert min(pairs) >= 0.15, pairs
    assert starts[-1] - starts[0] >= 0.75 * 0.15 * 5, starts


def test_default_politeness_figures(server: Loopback, tmp_path: Path) -> None:
    """The defaults, measured (README 'From the web' quotes this test's printout)."""
    urls = publish(server, 3)
    url = feed(server, "/feed/", urls, etag='"only"')
    options = RunOptions(
        out=str(tmp_path / "out"), translate=TranslateOptions(lang="it"),
        web=WebOptions(allow_private=True),
    )  # fmt: skip
    started = time.monotonic()
    first = run([url], options)
    seconds = time.monotonic() - started
    page_hits = [h for h in server.hits if h.path.startswith("/art")]
    fetch_span = max(h.end for h in server.hits) - min(h.start for h in server.hits)
    assert first.new == 3
    assert fetch_span >= 4 * 1.0 * 0.95, "five requests to one host, a second apart"
    server.reset_log()
    started = time.monotonic()
    again = run([url], options)
    rerun = time.monotonic() - started
    assert [(h.path, h.status) for h in server.hits] == [("/feed/", 304)]
    assert again.unchanged
    assert first.fetch is not None and again.fetch is not None
    assert again.fetch.requests == 1 and again.fetch.not_modified == 1
    if os.environ.get("BRIEF_PRINT_FIGURES"):
        print(
            f"\ndefault politeness: {len(page_hits)} pages + feed + robots.txt in "
            f"{fetch_span:.2f} s of fetching ({len(page_hits) / fetch_span:.2f} pages/s), "
            f"{first.fetch.requests} requests, {first.fetch.wire_bytes} bytes read, "
            f"run {seconds:.2f} s; 304 rerun {rerun:.2f} s, {again.fetch.requests} request, "
            f"{again.fetch.wire_bytes} bytes read"
        )
