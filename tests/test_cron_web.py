"""Cron-grade web inputs against a real server on 127.0.0.1: a URL list with a bad
line, credentials in URLs, servers that lie or redirect somewhere refused, and a feed
far larger than one run should fetch."""

from __future__ import annotations

import base64
import json
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from loopback import Loopback, Route, article_page, deadline, gold_articles, rss

from summarize.inputs.web import WebOptions
from summarize.pipeline import RunOptions, run
from summarize.translation.translate import TranslateOptions

FAST = WebOptions(allow_private=True, delay=0.01, backoff=0.05, read_timeout=2.0)
ARTICLES = gold_articles()
TEST_TIMEOUT_S = 90


@pytest.fixture(autouse=True)
def _deadline() -> Iterator[None]:
    with deadline(TEST_TIMEOUT_S, "web test"):
        yield


def publish(srv: Loopback, n: int, *, prefix: str = "/art") -> list[str]:
    urls = []
    for i in range(n):
        title, paragraphs = ARTICLES[i % len(ARTICLES)]
        if i >= len(ARTICLES):
            title, paragraphs = f"{title} ({i})", [f"{p} Numero {i}." for p in paragraphs]
        path = f"{prefix}{i}.html"
        srv.routes[path] = Route(body=article_page(title, paragraphs, srv.url(path)))
        urls.append(srv.url(path))
    return urls


def brief_cli(*args: str | Path, timeout: float = 80) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarize", *map(str, args), "--lang", "it", "--allow-private"],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def digest(folder: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((folder / "digest.json").read_text())


def test_a_url_list_with_bad_lines_reports_them_and_fetches_the_rest(
    server: Loopback, tmp_path: Path
) -> None:
    urls = publish(server, 2)
    listed = tmp_path / "feeds.txt"
    listed.write_text(f"{urls[0]}\nwww.ilpost.it/feed\n/home/me/notizie.html\n{urls[1]}\n")
    options = RunOptions(out=str(tmp_path / "out"), translate=TranslateOptions(lang="it"), web=FAST)
    result = run([listed], options)
    assert sorted(b.source for b in result.digest.briefings) == sorted(urls)
    failures = {f.source: f.error for f in result.digest.failures}
    assert set(failures) == {f"{listed}:2", f"{listed}:3"}, failures
    assert "http" in failures[f"{listed}:2"]


def test_an_article_text_is_not_taken_for_a_url_list(tmp_path: Path) -> None:
    from summarize.inputs.feeds import sniff

    article = "Roma, il governo approva la manovra\nhttps://www.ilpost.it/2026/11/20/manovra/\n"
    assert sniff(article.encode()) == "other"
    assert sniff(b"https://a.it/feed\nhttps://b.it/rss\nc.it/feed\n") == "urls"


def test_credentials_are_sent_only_as_authorization_and_never_shown_or_stored(
    server: Loopback, tmp_path: Path
) -> None:
    urls = publish(server, 3)
    secret = "s3cr3t-p4ss"
    with_creds = [u.replace("http://", f"http://reader:{secret}@") for u in urls]
    server.routes["/feed/"] = Route(
        body=rss(server.base, [(with_creds[1], "uno")]), content_type="application/xml"
    )
    listed = tmp_path / "list.txt"
    listed.write_text(with_creds[2] + "\n" + with_creds[2].replace("/art2", "/gone") + "\n")
    feed_url = server.url("/feed/").replace("http://", f"http://reader:{secret}@")
    out = tmp_path / "out"
    proc = brief_cli(with_creds[0], feed_url, listed, "--out", out, "--explain", "-v")
    assert proc.returncode == 1, proc.stderr  # /gone is a 404
    assert secret not in proc.stdout + proc.stderr
    for path in out.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
    assert sorted(a["source"] for a in digest(out)["articles"]) == sorted(urls)
    expected = "Basic " + base64.b64encode(f"reader:{secret}".encode()).decode()
    pages = [h for h in server.hits if h.path.startswith("/art") or h.path == "/feed/"]
    assert pages and all(h.headers.get("Authorization") == expected for h in pages)


def test_credentials_are_not_sent_to_another_host_after_a_redirect(
    server: Loopback, tmp_path: Path
) -> None:
    [url] = publish(server, 1)
    other = url.replace("127.0.0.1", "localhost")
    server.routes["/hop"] = Route(302, headers={"Location": other})
    given = server.url("/hop").replace("http://", "http://reader:pw@")
    options = RunOptions(out=str(tmp_path / "out"), translate=TranslateOptions(lang="it"), web=FAST)
    run([given], options)
    [hop] = [h for h in server.hits if h.path == "/hop"]
    [page] = [h for h in server.hits if h.path == "/art0.html"]
    assert hop.headers.get("Authorization") and not page.headers.get("Authorization")


def test_a_lying_content_length_is_said_in_words(server: Loopback, tmp_path: Path) -> None:
    title, paragraphs = ARTICLES[0]
    body = article_page(title, paragraphs)
    server.routes["/short"] = Route(body=body, headers={"Content-Length": "12"})
    server.routes["/long"] = Route(body=body, headers={"Content-Length": str(len(body) * 3)})
    out = tmp_path / "out"
    proc = brief_cli(server.url("/short"), server.url("/long"), "--out", out)
    assert proc.returncode == 1, proc.stderr
    errors = {e["source"]: e["error"] for e in digest(out)["errors"]}
    for path in ("/short", "/long"):
        problem = errors[server.url(path)]
        assert "internal error" not in problem and "ParserError" not in problem, problem
        assert "Content-Length" in problem or "cut short" in problem, problem


def test_a_failure_after_a_redirect_names_the_url_given(server: Loopback, tmp_path: Path) -> None:
    server.routes["/to-file"] = Route(302, headers={"Location": "file:///etc/passwd"})
    server.routes["/to-404"] = Route(301, headers={"Location": "/nowhere"})
    out = tmp_path / "out"
    [good] = publish(server, 1)
    proc = brief_cli(server.url("/to-file"), server.url("/to-404"), good, "--out", out)
    assert proc.returncode == 1, proc.stderr
    errors = {e["source"]: e["error"] for e in digest(out)["errors"]}
    assert set(errors) == {server.url("/to-file"), server.url("/to-404")}, errors
    assert "file:///etc/passwd" in errors[server.url("/to-file")]
    assert "redirect" in errors[server.url("/to-file")]
    assert "404" in errors[server.url("/to-404")] and "/nowhere" in errors[server.url("/to-404")]


def test_a_huge_feed_is_fetched_a_capped_share_a_run(server: Loopback, tmp_path: Path) -> None:
    urls = publish(server, 33)
    big, small = urls[:30], urls[30:]
    for path, items in (("/big/", big), ("/small/", small)):
        server.routes[path] = Route(
            body=rss(server.base, [(u, f"item {i}") for i, u in enumerate(items)]),
            content_type="application/xml",
        )
    web = WebOptions(
        allow_private=True, delay=0.0, backoff=0.05, read_timeout=2.0, feed_items=8, run_items=10
    )
    options = RunOptions(out=str(tmp_path / "out"), translate=TranslateOptions(lang="it"), web=web)
    fetched: list[int] = []
    left: list[int] = []
    for _ in range(4):
        server.reset_log()
        result = run([server.url("/big/"), server.url("/small/")], options)
        fetched.append(sum(h.path.startswith("/art") for h in server.hits))
        left.append(result.fetch.left if result.fetch else 0)
        assert not result.digest.failures
    # at most 8 of a feed and 10 in all a run; what is left is said and taken next time
    assert fetched == [10, 9, 8, 6], fetched
    assert left == [23, 14, 6, 0], left
    assert len(result.digest.briefings) >= 32, "all briefed (two gold articles are one story)"


def test_pages_fetched_before_an_interruption_are_not_fetched_again(
    server: Loopback, tmp_path: Path
) -> None:
    """A run killed mid-fetch (cron's timeout) keeps the pages it had; the next reads them."""
    urls = publish(server, 6)
    for path in ("/art4.html", "/art5.html"):
        server.routes[path].delay = 60.0  # still fetching when the run is killed
    server.routes["/feed/"] = Route(
        body=rss(server.base, [(u, f"item {i}") for i, u in enumerate(urls)]),
        content_type="application/xml",
    )
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [sys.executable, "-m", "summarize", server.url("/feed/"), "--lang", "it",
         "--allow-private", "--out", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    import time

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        fetched = {h.path for h in server.hits if h.end and h.status == 200}
        if {f"/art{i}.html" for i in range(4)} <= fetched:
            break
        time.sleep(0.2)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert not (out / "digest.json").exists()
    for path in ("/art4.html", "/art5.html"):
        server.routes[path].delay = 0.0
    server.reset_log()
    again = brief_cli(server.url("/feed/"), "--out", out)
    assert again.returncode == 0, again.stderr
    assert sorted(a["source"] for a in digest(out)["articles"]) == sorted(urls)
    refetched = sorted(h.path for h in server.hits if h.path.startswith("/art"))
    assert refetched == ["/art4.html", "/art5.html"], refetched
    with sqlite3.connect(out / ".brief-state.sqlite3") as db:
        kept = db.execute("SELECT coalesce(sum(length(body)), 0) FROM validators").fetchone()[0]
    assert kept < 20_000, "page copies are dropped once their articles are in the state"
