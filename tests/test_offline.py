"""What offline means, through the real CLI against a server on 127.0.0.1: ``--offline``
touches no network (a web input stops the run in one line before any request), while
HF_HUB_OFFLINE / TRANSFORMERS_OFFLINE, set globally by many cron users for the model hub,
keep only the models offline and leave their feeds fetched."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from child import run_brief
from loopback import Loopback, Route, article_page, deadline, gold_articles, rss

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
TEST_TIMEOUT_S = 120


@pytest.fixture(autouse=True)
def _deadline() -> Iterator[None]:
    with deadline(TEST_TIMEOUT_S, "offline test"):
        yield


@pytest.fixture
def server() -> Iterator[Loopback]:
    srv = Loopback()
    title, paragraphs = gold_articles()[0]
    srv.routes["/art.html"] = Route(body=article_page(title, paragraphs, srv.url("/art.html")))
    srv.routes["/feed/"] = Route(
        body=rss(srv.base, [(srv.url("/art.html"), title)]), content_type="application/rss+xml"
    )
    yield srv
    srv.close()


def brief(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_brief(*args, "--lang", "it", "--allow-private", env=env, timeout=100)


def model_hub_offline_only() -> dict[str, str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env.pop("BRIEF_USER_AGENT", None)
    return env


def test_offline_refuses_a_url_input_without_a_request(server: Loopback, tmp_path: Path) -> None:
    out = tmp_path / "out"
    url = server.url("/feed/")
    proc = brief(SEEDS, url, "--offline", "--out", out)
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert url in lines[0] and "offline" in lines[0], lines[0]
    assert "drop --offline" in lines[0] and "HF_HUB_OFFLINE=1" in lines[0], lines[0]
    assert server.hits == [], server.paths()
    assert not (out / "digest.md").exists(), "the local seeds must not be briefed alone"


def test_offline_refuses_a_list_of_feeds_naming_the_file(server: Loopback, tmp_path: Path) -> None:
    listed = tmp_path / "feeds.txt"
    listed.write_text(f"# my feeds\n{server.url('/feed/')}\n{server.url('/art.html')}\n")
    proc = brief(listed, "--offline", "--out", tmp_path / "out")
    assert proc.returncode == 2, proc.stderr
    line = proc.stderr.strip()
    assert "\n" not in line, proc.stderr
    assert str(listed) in line and server.url("/feed/") in line and "1 more" in line, line
    assert server.hits == [], server.paths()


def test_offline_refuses_a_saved_feed_whose_items_are_links(
    server: Loopback, tmp_path: Path
) -> None:
    saved = tmp_path / "feed.xml"
    saved.write_bytes(rss(server.base, [(server.url("/art.html"), "Titolo")]))
    proc = brief(saved, "--offline", "--out", tmp_path / "out")
    assert proc.returncode == 2, proc.stderr
    assert str(saved) in proc.stderr and "offline" in proc.stderr
    assert server.hits == [], server.paths()


def test_offline_still_briefs_local_files(tmp_path: Path) -> None:
    proc = brief(SEEDS, "--offline", "--out", tmp_path / "out", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "out" / "digest.md").exists()


def test_model_hub_offline_variables_still_fetch_feeds(server: Loopback, tmp_path: Path) -> None:
    proc = brief(server.url("/feed/"), "--out", tmp_path / "out", env=model_hub_offline_only())
    assert proc.returncode == 0, proc.stderr
    fetched = [h.path for h in server.hits if h.status == 200]
    assert "/feed/" in fetched and "/art.html" in fetched, server.paths()
    assert "briefed" in proc.stdout, proc.stdout
