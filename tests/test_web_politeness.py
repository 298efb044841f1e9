"""Manners towards a server, measured at a real server on 127.0.0.1: one budget of
requests in flight and one pace whatever name the server is reached by, and a
User-Agent that names this project (or what the user configured)."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from child import run_brief
from loopback import Loopback, Route, article_page, deadline, gold_articles

from summarize import __version__
from summarize.inputs.politeness import ServerKeys, normal_host, project_page
from summarize.inputs.web import Fetcher, WebOptions

TEST_TIMEOUT_S = 120
PER_HOST = 2
DELAY_S = 0.4
HOLD_S = 0.6  # each answer is held this long, so requests would overlap if let


@pytest.fixture(autouse=True)
def _deadline() -> Iterator[None]:
    with deadline(TEST_TIMEOUT_S, "politeness test"):
        yield


def test_aliases_of_one_server_share_its_budget() -> None:
    server = Loopback()
    port = server.httpd.server_address[1]
    # "127.0.0.1." is an alias too (its key is checked below), but this resolver, with
    # no DNS server, cannot look it up; "127.1" is the same address in inet_aton's form.
    names = ["127.0.0.1", "localhost", "127.1"]
    for i in range(3):
        server.routes[f"/p{i}"] = Route(body=b"<html><body><p>x</p></body></html>", delay=HOLD_S)
    urls = [f"http://{name}:{port}/p{i}" for i in range(3) for name in names]
    options = WebOptions(allow_private=True, per_host=PER_HOST, delay=DELAY_S, robots=False)
    fetcher = Fetcher(options)
    try:
        with ThreadPoolExecutor(max_workers=len(urls)) as pool:
            for response in pool.map(fetcher.fetch, urls):
                assert response.status == 200
    finally:
        fetcher.close()
        server.close()
    arrivals = sorted(hit.start for hit in server.hits)
    assert len(arrivals) == len(urls)
    assert server.max_active <= PER_HOST, f"{server.max_active} requests in flight at once"
    # Starts leave the client DELAY_S apart; two gaps together must hold at least one
    # delay even if the server saw one arrival late by up to a whole delay.
    pairs = [c - a for a, _, c in zip(arrivals, arrivals[1:], arrivals[2:], strict=False)]
    assert min(pairs) >= DELAY_S, [round(p, 3) for p in pairs]
    span = arrivals[-1] - arrivals[0]
    assert span >= 0.75 * DELAY_S * (len(urls) - 1), f"{len(urls)} requests in {span:.2f} s"


def test_host_names_are_compared_as_dns_does() -> None:
    assert normal_host("Example.COM.") == "example.com"
    assert normal_host("[::1]") == "::1"
    assert normal_host("perché.it") == "xn--perch-fsa.it"
    keys = ServerKeys()
    assert keys.key("localhost") == keys.key("LOCALHOST.") == keys.key("127.0.0.1.")
    assert keys.key("127.0.0.1") == keys.key("localhost") == keys.key("127.1")
    # a name that cannot resolve keeps a budget of its own, under its own spelling
    assert keys.key("no..such") == "no..such" != keys.key("localhost")


# --- User-Agent ---------------------------------------------------------------------------


@pytest.fixture
def site() -> Iterator[Loopback]:
    srv = Loopback()
    title, paragraphs = gold_articles()[0]
    srv.routes["/art.html"] = Route(body=article_page(title, paragraphs, srv.url("/art.html")))
    yield srv
    srv.close()


def brief(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return run_brief(*args, "--lang", "it", "--allow-private", env=env, timeout=100)


def agents(srv: Loopback) -> set[str]:
    return {h.headers.get("User-Agent", "") for h in srv.hits}


def test_the_user_agent_names_this_project(site: Loopback, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BRIEF_USER_AGENT"}
    proc = brief(site.url("/art.html"), "--out", tmp_path / "out", env=env)
    assert proc.returncode == 0, proc.stderr
    assert {h.path for h in site.hits} == {"/robots.txt", "/art.html"}
    (agent,) = agents(site)
    pyproject = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text()
    homepage = re.search(r'^Homepage = "(.+)"$', pyproject, re.MULTILINE)
    assert homepage is not None, "pyproject.toml's [project.urls] names no Homepage"
    assert project_page() == homepage.group(1)
    assert agent == f"brief/{__version__} (news briefing tool; +{homepage.group(1)})"
    assert "pypi.org/project/brief/" not in agent, "an unrelated project's page"


def test_the_user_agent_can_be_configured(site: Loopback, tmp_path: Path) -> None:
    env = {**os.environ, "BRIEF_USER_AGENT": "Redazione-Bot/2.0 (+mailto:web@example.org)"}
    proc = brief(site.url("/art.html"), "--out", tmp_path / "env", env=env)
    assert proc.returncode == 0, proc.stderr
    assert agents(site) == {"Redazione-Bot/2.0 (+mailto:web@example.org)"}
    site.reset_log()
    given = "Archivio/1.0 (+https://example.org/bot)"
    proc = brief(site.url("/art.html"), "--out", tmp_path / "flag", "--user-agent", given, env=env)
    assert proc.returncode == 0, proc.stderr
    assert agents(site) == {given}, "the option wins over the environment"


def test_a_user_agent_that_is_no_header_is_refused(site: Loopback, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "BRIEF_USER_AGENT"}
    for bad in ("Bot/1.0\r\nX-Injected: 1", "Bøt/1.0", " "):
        proc = brief(site.url("/art.html"), "--out", tmp_path, "--user-agent", bad, env=env)
        assert proc.returncode == 2, (bad, proc.stderr)
        assert "--user-agent" in proc.stderr and "printable ASCII" in proc.stderr
    assert site.hits == []
