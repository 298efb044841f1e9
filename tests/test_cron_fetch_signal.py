"""SIGTERM while a feed's pages are being fetched ends the run at once, as everywhere
else: exit 143 with one line, the lock released, nothing recorded as seen, and the
next run briefs every item."""

from __future__ import annotations

import fcntl
import json
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from loopback import Loopback, Route, article_page, deadline, gold_articles, rss

from summarize.inputs.background import Background, outcome

ARTICLES = gold_articles()
ITEMS = 6
# Each page takes this long: a run that waited for the pages in flight (two per host)
# would take 3 rounds of it after the signal.
SLOW_PAGE_S = 30.0
# What the run may take from SIGTERM to exit: start-up is over, so this is about
# closing the state and releasing the lock, far below one slow page.
EXIT_WITHIN_S = 10.0


@pytest.fixture(autouse=True)
def _deadline() -> Iterator[None]:
    with deadline(150, "fetch signal test"):
        yield


def publish(srv: Loopback, delay: float) -> list[str]:
    urls = []
    for i in range(ITEMS):
        title, paragraphs = ARTICLES[i % len(ARTICLES)]
        title, paragraphs = f"{title} ({i})", [f"{p} Numero {i}." for p in paragraphs]
        path = f"/art{i}.html"
        srv.routes[path] = Route(body=article_page(title, paragraphs, srv.url(path)), delay=delay)
        urls.append(srv.url(path))
    srv.routes["/feed/"] = Route(
        body=rss(srv.base, [(u, f"item {i}") for i, u in enumerate(urls)]),
        content_type="application/xml",
    )
    return urls


def command(feed: str, out: Path) -> list[str]:
    return [
        sys.executable, "-m", "summarize", feed, "--lang", "it", "--allow-private",
        "--out", str(out),
    ]  # fmt: skip


def lock_is_free(out: Path) -> bool:
    """Whether another run could take the output folder's lock now (filelock: flock)."""
    lock = out / ".brief.lock"
    if not lock.exists():
        return True
    with lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
    return True


def test_sigterm_while_pages_are_fetched_ends_the_run_and_loses_nothing(
    server: Loopback, tmp_path: Path
) -> None:
    urls = publish(server, SLOW_PAGE_S)
    out = tmp_path / "out"
    proc = subprocess.Popen(
        command(server.url("/feed/"), out), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        waited = time.monotonic() + 60
        while not any(h.path.startswith("/art") for h in server.hits):
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < waited, "no page was ever requested"
            time.sleep(0.05)
        signalled = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        _, stderr = proc.communicate(timeout=2 * SLOW_PAGE_S)
        took = time.monotonic() - signalled
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 143, stderr
    assert took < EXIT_WITHIN_S, f"exit took {took:.1f} s after SIGTERM"
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert "terminated (SIGTERM)" in stderr
    assert lock_is_free(out)
    assert not (out / "digest.json").exists()
    with sqlite3.connect(out / ".brief-state.sqlite3") as db:
        seen = db.execute("SELECT count(*) FROM articles").fetchone()[0]
        aliases = db.execute("SELECT count(*) FROM aliases").fetchone()[0]
    assert (seen, aliases) == (0, 0), "nothing is recorded as seen"

    for i in range(ITEMS):
        server.routes[f"/art{i}.html"].delay = 0.0
    again = subprocess.run(
        [*command(server.url("/feed/"), out), "--wait", "10"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    briefed = json.loads((out / "digest.json").read_text())["articles"]
    assert sorted(a["source"] for a in briefed) == sorted(urls)


def test_a_closed_pool_starts_nothing_more_and_does_not_wait() -> None:
    pool = Background(1)
    release = threading.Event()
    started = pool.submit(release.wait, 30)
    queued = [pool.submit(str, n) for n in range(3)]
    time.sleep(0.1)
    began = time.monotonic()
    pool.close()
    assert time.monotonic() - began < 1.0, "close waited for the job in flight"
    assert all(f.cancelled() for f in queued)
    assert pool.submit(str, 1).cancelled()
    release.set()
    assert outcome(started) is True


def test_a_job_that_times_out_is_its_failure_not_a_wait() -> None:
    pool = Background(1)

    def times_out() -> None:
        raise TimeoutError("read timed out")

    with pytest.raises(TimeoutError, match="read timed out"):
        outcome(pool.submit(times_out))
    pool.close()


class _Signalled(Exception):
    pass


def _raise_signalled(_signum: int, _frame: object) -> None:
    raise _Signalled


def test_a_signal_the_kernel_gives_a_fetch_thread_still_stops_the_waiting_main_thread() -> None:
    """Python runs handlers in the main thread only, when it next runs Python code: a
    main thread blocked on a fetch without a timeout would not see SIGTERM until the
    page arrived."""
    pool = Background(1)
    release, workers = threading.Event(), []

    def fetch() -> bool:
        workers.append(threading.get_ident())
        return release.wait(30)

    future = pool.submit(fetch)
    while not workers:
        time.sleep(0.01)
    previous = signal.signal(signal.SIGUSR1, _raise_signalled)
    sender = threading.Timer(0.3, signal.pthread_kill, (workers[0], signal.SIGUSR1))
    try:
        sender.start()
        began = time.monotonic()
        with pytest.raises(_Signalled):
            outcome(future)
        assert time.monotonic() - began < 5.0
        assert not future.done(), "the fetch itself was not interrupted"
    finally:
        sender.cancel()
        signal.signal(signal.SIGUSR1, previous)
        release.set()
        pool.close()
