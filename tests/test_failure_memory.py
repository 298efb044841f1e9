"""A failure that lasts (a feed item gone for good) is said once, then only when it changes
or once a day; alone it does not make the exit code 1. The real CLI in a subprocess, a
real HTTP server on loopback, the real state file."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from loopback import Loopback, Route, article_page, gold_articles, rss

from summarize.state import STATE_FILE

ARTICLES = gold_articles()
RUN_TIMEOUT_S = 120


def brief(out: Path, *inputs: str, quiet: bool = False) -> subprocess.CompletedProcess[str]:
    args = [*inputs, "--lang", "it", "--out", str(out), "--allow-private"]
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args, *(["--quiet"] if quiet else [])],
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT_S,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        check=False,
    )


def failure_row(out: Path, source: str) -> tuple[str, float, float, float]:
    db = sqlite3.connect(out / STATE_FILE)
    try:
        row = db.execute(
            "SELECT error, first_seen, last_reported, last_seen FROM failures WHERE source = ?",
            (source,),
        ).fetchone()
    finally:
        db.close()
    return row  # type: ignore[no-any-return]


def age_failure(out: Path, source: str, hours: float) -> None:
    db = sqlite3.connect(out / STATE_FILE)
    with db:
        db.execute(
            "UPDATE failures SET last_reported = last_reported - ?, first_seen = first_seen - ? "
            "WHERE source = ?",
            (hours * 3600, hours * 3600, source),
        )
    db.close()


def test_a_permanent_404_is_reported_once_then_daily_and_again_when_it_changes(
    server: Loopback, tmp_path: Path
) -> None:
    title, paragraphs = ARTICLES[0]
    server.routes["/ok.html"] = Route(body=article_page(title, paragraphs))
    good, gone = server.url("/ok.html"), server.url("/gone.html")  # /gone.html: 404
    server.routes["/feed.xml"] = Route(
        body=rss(server.base, [(good, "ok"), (gone, "gone")]),
        content_type="application/xml",
        etag='"v1"',
    )
    feed, out = server.url("/feed.xml"), tmp_path / "out"

    first = brief(out, feed)
    assert first.returncode == 1, first.stderr
    assert f"failed: {gone}: " in first.stderr and "404" in first.stderr
    error, first_seen, reported, _ = failure_row(out, gone)
    assert "404" in error and first_seen == reported

    # An hour later nothing is new: the same failure is not said again, exit 0; under
    # --quiet nothing at all is printed, so cron mails nothing.
    second = brief(out, feed)
    assert second.returncode == 0, second.stderr
    assert "failed:" not in second.stderr
    assert "0 new, digest unchanged" in second.stdout
    assert "1 failed (1 already reported)" in second.stdout
    quiet = brief(out, feed, quiet=True)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    digest = json.loads((out / "digest.json").read_text())
    assert [e["source"] for e in digest["errors"]] == [gone]  # still listed in the digest
    assert failure_row(out, gone)[2] == reported  # not reported again

    # A day after it was last said: said again, with since when, exit 1.
    age_failure(out, gone, 25)
    reminder = brief(out, feed, quiet=True)
    assert reminder.returncode == 1
    assert f"failed: {gone}: " in reminder.stderr and "failing since" in reminder.stderr
    after = failure_row(out, gone)
    assert after[2] > reported and after[1] < first_seen  # first seen kept
    assert brief(out, feed, quiet=True).returncode == 0

    # The error changes (404 -> 410): a new report, exit 1.
    server.routes["/gone.html"] = Route(410, b"<html><body>gone</body></html>")
    changed = brief(out, feed, quiet=True)
    assert changed.returncode == 1 and "410" in changed.stderr
    assert "failing since" not in changed.stderr
    assert brief(out, feed, quiet=True).returncode == 0


def test_a_failure_that_stops_is_forgotten_and_new_again_when_it_returns(
    server: Loopback, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    missing = server.url("/later.html")
    assert brief(out, missing, quiet=True).returncode == 1
    assert brief(out, missing, quiet=True).returncode == 0
    title, paragraphs = ARTICLES[1]
    server.routes["/later.html"] = Route(body=article_page(title, paragraphs))
    fixed = brief(out, missing, quiet=True)
    assert fixed.returncode == 0 and fixed.stderr == ""
    db = sqlite3.connect(out / STATE_FILE)
    assert db.execute("SELECT count(*) FROM failures").fetchone()[0] == 0
    db.close()
    other = server.url("/other.html")  # a new failure beside a remembered-then-fixed one
    again = brief(out, missing, other, quiet=True)
    assert again.returncode == 1 and f"failed: {other}:" in again.stderr


def test_a_new_failure_beside_an_old_one_still_exits_1(server: Loopback, tmp_path: Path) -> None:
    out = tmp_path / "out"
    old, new = server.url("/old.html"), server.url("/new.html")
    assert brief(out, old, quiet=True).returncode == 1
    started = time.time()
    both = brief(out, old, new, quiet=True)
    assert both.returncode == 1
    assert f"failed: {new}:" in both.stderr and f"failed: {old}:" not in both.stderr
    assert failure_row(out, new)[1] >= started
