"""A page's canonical link is its own word: believed as its identity only when it names the
page's own address or the text bears it out, so a page claiming another article's address
cannot hide that article nor be shown as coming from where it is not."""

from __future__ import annotations

import json
import logging
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from loopback import Loopback, Route, article_page, deadline, gold_articles, rss

from summarize.inputs.web import WebOptions
from summarize.pipeline import RunOptions, RunResult, run
from summarize.runtime.inventory import state_inventory
from summarize.runtime.retention import prune_state
from summarize.translation.translate import TranslateOptions

FAST = WebOptions(allow_private=True, delay=0.01, backoff=0.05, read_timeout=2.0)
ARTICLES = gold_articles()


@pytest.fixture(autouse=True)
def _deadline() -> Iterator[None]:
    with deadline(90, "canonical test"):
        yield


def page(srv: Loopback, path: str, article: int, canonical: str | None) -> str:
    title, paragraphs = ARTICLES[article]
    srv.routes[path] = Route(body=article_page(title, paragraphs, canonical))
    return srv.url(path)


def brief(srv: Loopback, out: Path | str, *links: str, etag: str = "") -> RunResult:
    """``links`` given as one feed, as cron would; ``out`` may be a dated pattern."""
    srv.routes["/feed/"] = Route(
        body=rss(srv.base, [(u, f"item {i}") for i, u in enumerate(links)]),
        content_type="application/xml",
        etag=etag or f'"{hash(links)}"',
    )
    options = RunOptions(out=str(out), translate=TranslateOptions(lang="it"), web=FAST)
    return run([srv.url("/feed/")], options)


def articles(out: Path) -> dict[str, dict]:  # type: ignore[type-arg]
    data = json.loads((out / "digest.json").read_text())
    return {a["source"]: a for a in data["articles"]}


def test_a_page_claiming_another_articles_address_does_not_hide_it_next_run(
    server: Loopback, tmp_path: Path
) -> None:
    y = page(server, "/y.html", 1, server.url("/y.html"))
    x = page(server, "/x.html", 0, y)
    out = tmp_path / "out"
    assert brief(server, out, x).new == 1
    server.reset_log()
    second = brief(server, out, x, y)
    assert "/y.html" in server.paths(), "the claimed address is still fetched"
    assert second.new == 1
    assert sorted(articles(out)) == sorted([x, y])


def test_a_page_claiming_another_articles_address_in_the_same_run(
    server: Loopback, tmp_path: Path
) -> None:
    y = page(server, "/y.html", 1, server.url("/y.html"))
    x = page(server, "/x.html", 0, y)
    for order in ((x, y), (y, x)):
        out = tmp_path / f"out-{order[0].rsplit('/', 1)[1]}"
        result = brief(server, out, *order)
        assert result.new == 2
        assert not result.copies
        assert sorted(articles(out)) == sorted([x, y])


def test_a_claim_with_the_same_text_is_one_briefing_and_the_other_a_copy(
    server: Loopback, tmp_path: Path
) -> None:
    y = page(server, "/y.html", 0, server.url("/y.html"))
    x = page(server, "/x.html", 0, y)
    out = tmp_path / "out"
    result = brief(server, out, y, x)
    assert list(articles(out)) == [y]
    assert result.copies == {x: y}
    briefing = next(iter(articles(out).values()))
    assert (out / briefing["briefing"]).read_text().count("/x.html") == 1, "also published by"


def test_a_claim_on_another_site_is_not_shown_as_the_source(
    server: Loopback, tmp_path: Path
) -> None:
    elsewhere = "https://www.altro-giornale.example/2026/11/articolo.html"
    x = page(server, "/x.html", 0, elsewhere)
    out = tmp_path / "out"
    brief(server, out, x)
    [shown] = articles(out).values()
    assert shown["source"] == x and shown["url"] == x
    text = (out / shown["briefing"]).read_text()
    assert "altro-giornale" not in text
    with sqlite3.connect(out / ".brief-state.sqlite3") as db:
        addresses = {r[0] for r in db.execute("SELECT url FROM aliases")}
        identities = {r[0] for r in db.execute("SELECT identity FROM articles")}
    assert elsewhere not in addresses and identities == {f"url:{x}"}


def test_a_claim_borne_out_by_the_text_keeps_a_reworded_copy_known(
    server: Loopback, tmp_path: Path
) -> None:
    """The same story reposted under another title and footer names the first one as its
    canonical address: a near-duplicate of the article known there, so it is not new."""
    y = page(server, "/y.html", 0, server.url("/y.html"))
    out = tmp_path / "out"
    assert brief(server, out, y).new == 1
    title, paragraphs = ARTICLES[0]
    reworded = ["Ultim'ora: " + title, *paragraphs[:-1], "Riproduzione riservata © Altro Sito"]
    server.routes["/ripresa.html"] = Route(body=article_page(reworded[0], reworded[1:], y))
    again = brief(server, out, y, server.url("/ripresa.html"))
    assert again.new == 0
    assert list(articles(out)) == [y]


def test_a_tracking_link_whose_canonical_is_the_clean_address_is_known_on_rerun(
    server: Loopback, tmp_path: Path
) -> None:
    clean = server.url("/art.html")
    page(server, "/art.html", 2, clean)
    out = tmp_path / "out"
    assert brief(server, out, clean + "?utm_source=rss&utm_medium=feed").new == 1
    server.reset_log()
    assert brief(server, out, clean).new == 0
    assert "/art.html" not in [p.split("?")[0] for p in server.paths()], "not fetched again"


def reworded_page(srv: Loopback, path: str, article: int, canonical: str) -> str:
    """The article's text under another title and footer: a near-duplicate, not a copy."""
    title, paragraphs = ARTICLES[article]
    body = article_page(
        "Ultim'ora: " + title, [*paragraphs[:-1], "Riproduzione riservata"], canonical
    )
    srv.routes[path] = Route(body=body)
    return srv.url(path)


def test_an_address_claimed_earlier_is_the_claimers_article_when_it_reads_the_same(
    server: Loopback, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """An AMP page is read first and names the desktop page, not known yet, as its address;
    the desktop page, reached later through another feed, is the same article reworded."""
    desktop = server.url("/a.html")
    amp = page(server, "/a/amp.html", 0, desktop)
    reworded_page(server, "/a.html", 0, desktop)
    first = brief(server, tmp_path / "out" / "%Y-%m-%d", amp)
    assert first.new == 1
    server.reset_log()
    with caplog.at_level(logging.INFO, logger="summarize.identity"):
        later = brief(server, tmp_path / "out" / "later-%Y-%m-%d", desktop)
    assert "/a.html" in server.paths(), "a claim never saves the fetch"
    assert later.new == 0
    assert f"{desktop}: the same article as {amp}" in caplog.text, "what was merged is said"
    assert articles(later.out) == {}, "not briefed a second time"
    same_folder = brief(server, tmp_path / "out" / "%Y-%m-%d", desktop)
    assert same_folder.new == 0
    assert len(articles(first.out)) == 1
    with sqlite3.connect(tmp_path / "out" / ".brief-state.sqlite3") as db:
        seen = dict(db.execute("SELECT identity, last_seen FROM brief_seen").fetchall())
    assert f"url:{amp}" in seen, "met again, so retention keeps it"


def test_a_claimer_and_the_claimed_page_in_one_run_are_one_briefing(
    server: Loopback, tmp_path: Path
) -> None:
    desktop = server.url("/a.html")
    amp = page(server, "/a/amp.html", 0, desktop)
    reworded_page(server, "/a.html", 0, desktop)
    for order in ((amp, desktop), (desktop, amp)):
        out = tmp_path / f"out-{len(order[0])}"
        brief(server, out, *order)
        [(lead, shown)] = articles(out).items()
        assert lead == order[0]
        assert (out / shown["briefing"]).read_text().count(order[1]) == 1, "also published by"


def test_a_claim_with_a_different_text_leaves_the_claimed_address_new_in_a_later_folder(
    server: Loopback, tmp_path: Path
) -> None:
    y = page(server, "/y.html", 1, server.url("/y.html"))
    x = page(server, "/x.html", 0, y)
    assert brief(server, tmp_path / "out" / "%Y-%m-%d", x).new == 1
    later = brief(server, tmp_path / "out" / "later-%Y-%m-%d", y)
    assert later.new == 1
    assert list(articles(later.out)) == [y]


def test_claims_are_pruned_with_the_articles_that_made_them(
    server: Loopback, tmp_path: Path
) -> None:
    amp = page(server, "/a/amp.html", 0, server.url("/a.html"))
    out = tmp_path / "out"
    brief(server, out, amp)
    with sqlite3.connect(out / ".brief-state.sqlite3") as db:
        assert db.execute("SELECT url, identity FROM claims").fetchall() == [
            (server.url("/a.html"), f"url:{amp}")
        ]
        counts = {g.label: g.entries for g in state_inventory(out / ".brief-state.sqlite3").groups}
        assert counts["addresses claimed, not yet checked"] == 1  # brief cache show
        prune_state(db, 1.0, now=time.time() + 100)  # the run started retention's clock
        assert db.execute("SELECT count(*) FROM articles").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM claims").fetchone() == (0,)


def test_a_state_from_before_claims_is_pruned_and_gains_the_table(
    server: Loopback, tmp_path: Path
) -> None:
    amp = page(server, "/a/amp.html", 0, server.url("/a.html"))
    out = tmp_path / "out"
    brief(server, out, page(server, "/b.html", 1, None))
    with sqlite3.connect(out / ".brief-state.sqlite3") as db:
        db.execute("DROP TABLE claims")
        prune_state(db, 1.0, now=time.time() + 100)
    assert brief(server, out, amp).new == 1
    with sqlite3.connect(out / ".brief-state.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM claims").fetchone() == (1,)
