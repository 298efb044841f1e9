"""Background fetch threads that a stopped run neither waits for nor feeds.

A ``ThreadPoolExecutor``'s workers are joined when the interpreter exits, so a run
stopped by SIGTERM would still wait for every page in flight (a slow site: minutes)
before its exit status reached cron. These workers are daemons: once the run's
``finally`` blocks have released the lock and closed the state, the process ends
without them. ``close`` cancels every fetch not yet started.

The main thread never blocks on a fetch without a timeout (``outcome``): a signal the
kernel hands to a worker thread is only acted on when the main thread runs Python code
again, so it waits in short slices.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

T = TypeVar("T")

# How long the main thread waits on a fetch before it looks at pending signals again:
# short next to a page's fetch (tens of milliseconds to seconds), long next to a wake-up.
POLL_S = 0.2

_Job = tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]


class Background:
    """At most ``workers`` jobs at a time, in the order submitted; threads start with
    the first job, so a run without web inputs starts none."""

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._stopped = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        future: Future[T] = Future()
        if self._stopped.is_set():
            future.cancel()
            return future
        self._start()
        self._jobs.put((future, fn, args))
        return future

    def _start(self) -> None:
        with self._lock:
            while len(self._threads) < self.workers:
                name = f"brief-fetch-{len(self._threads)}"
                thread = threading.Thread(target=self._work, name=name, daemon=True)
                thread.start()
                self._threads.append(thread)

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            future, fn, args = job
            if self._stopped.is_set():
                future.cancel()
                continue
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args)
            except BaseException as exc:  # handed to whoever waits on the future
                future.set_exception(exc)
            else:
                future.set_result(result)

    def close(self) -> None:
        """Cancel what has not started and let the workers end; never waits for one."""
        self._stopped.set()
        while True:
            try:
                job = self._jobs.get_nowait()
            except queue.Empty:
                break
            if job is not None:
                job[0].cancel()
        for _ in self._threads:
            self._jobs.put(None)


def outcome(future: Future[T]) -> T:
    """The future's result (or its exception), waited for in slices of ``POLL_S``."""
    while True:
        try:
            return future.result(timeout=POLL_S)
        except TimeoutError:
            if future.done():  # the job's own timeout, not the wait's
                raise
