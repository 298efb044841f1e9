"""Manners towards a server: who we say we are, and how hard we ask it.

The User-Agent names this project's own page (from the installed package's metadata),
so a site's admin who sees us in a log can find out who we are and how to reach us.

The budget (requests in flight, a pace between their starts) is per server, and a
server is what its host names resolve to, not how a URL spells it: ``127.0.0.1``,
``localhost`` and ``127.0.0.1.`` reach the same machine, as do ``Example.COM.`` and
``example.com``, and counted as separate hosts they would see the budget several times
over. So a host name is normalised (lowercase, no trailing dot, IDNA) and resolved once
per run; names sharing an address share that address's budget. A name that does not
resolve keeps a budget of its own under its normalised spelling (its fetch fails anyway,
with the DNS error it has always had). Names are only ever joined to a budget when they
are first met, never merged later, so a semaphore already in use is never replaced.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import socket
import threading
import time
from collections.abc import Iterator

from summarize import __version__

# The distribution's name ("brief" on PyPI is someone else's project).
DISTRIBUTION = "brief-news"


def project_page() -> str:
    """Where a site's admin learns who we are: the Homepage (or Repository) of the installed
    distribution's metadata (pyproject.toml's [project.urls]), its PyPI page without one."""
    try:
        entries = importlib.metadata.metadata(DISTRIBUTION).get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        entries = []
    urls: dict[str, str] = {}
    for entry in entries:
        label, _, url = entry.partition(",")
        urls[label.strip().lower()] = url.strip()
    fallback = f"https://pypi.org/project/{DISTRIBUTION}/"
    return urls.get("homepage") or urls.get("repository") or fallback


USER_AGENT = f"brief/{__version__} (news briefing tool; +{project_page()})"


def normal_host(host: str) -> str:
    """``host`` as DNS compares it: lowercase, without brackets or a trailing dot, its
    labels in IDNA (ASCII) form; a name IDNA cannot encode stays as written, lowercased."""
    name = host.strip().strip("[]").rstrip(".").lower()
    try:
        return name.encode("idna").decode("ascii")
    except UnicodeError:
        return name


class ServerKeys:
    """The budget key of each host name met in one run (thread-safe, resolved once)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._by_name: dict[str, str] = {}
        self._by_address: dict[str, str] = {}

    def key(self, host: str) -> str:
        """The first known budget among ``host``'s addresses, else its first address's
        (or its own normalised name when it does not resolve)."""
        name = normal_host(host)
        with self._lock:
            known = self._by_name.get(name)
        if known is not None:
            return known
        addresses = _addresses(name)  # outside the lock: a slow resolver holds no one else
        with self._lock:
            if name in self._by_name:
                return self._by_name[name]
            shared = next((self._by_address[a] for a in addresses if a in self._by_address), None)
            key = shared or (addresses[0] if addresses else name)
            for address in addresses:
                self._by_address.setdefault(address, key)
            self._by_name[name] = key
            return key


def _addresses(name: str) -> list[str]:
    """The addresses ``name`` resolves to, in the resolver's order; none when it fails."""
    try:
        infos = socket.getaddrinfo(name, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    found: list[str] = []
    for info in infos:
        address = str(info[4][0])
        if address not in found:
            found.append(address)
    return found


class HostGate:
    """At most ``per_host`` requests in flight per server, starts ``delay`` seconds apart
    (longer where a robots.txt asks for it)."""

    def __init__(self, per_host: int, delay: float) -> None:
        self.per_host = max(1, per_host)
        self.delay = delay
        self.keys = ServerKeys()
        self._lock = threading.Lock()
        self._slots: dict[str, threading.Semaphore] = {}
        self._next: dict[str, float] = {}
        self._delays: dict[str, float] = {}

    def set_delay(self, host: str, delay: float) -> None:
        """A Crawl-delay for ``host``'s server; the longest asked by any of its names holds."""
        key = self.keys.key(host)
        with self._lock:
            self._delays[key] = max(self._delays.get(key, self.delay), delay)

    @contextlib.contextmanager
    def slot(self, host: str) -> Iterator[float]:
        """Hold one of the server's slots for a request; yields the seconds waited."""
        key = self.keys.key(host)
        started = time.monotonic()
        with self._lock:
            sem = self._slots.setdefault(key, threading.Semaphore(self.per_host))
        sem.acquire()
        try:
            with self._lock:
                now = time.monotonic()
                start = max(now, self._next.get(key, now))
                self._next[key] = start + self._delays.get(key, self.delay)
            if start > now:
                time.sleep(start - now)
            yield time.monotonic() - started
        finally:
            sem.release()
