"""Article pages kept in the run state as they arrive, so a run stopped mid-fetch (cron's
timeout, a reboot) loses nothing it had fetched: the next run reads them back instead of
fetching them again. Once a run has recorded its articles, their pages are dropped (the
row keeps its URL alone), so the state does not grow by whole pages.
"""

from __future__ import annotations

import json
import threading
from typing import Protocol

from summarize.inputs.web import Response, Validators

# Keys in the state's validators table: apart from feeds' and robots.txt's.
_PREFIX = "page:"


class PageStore(Protocol):
    """The part of the run state (state.py) that keeps bodies by URL."""

    def validators(self, url: str) -> tuple[str | None, str | None, bytes | None]: ...

    def save_validators(
        self, url: str, etag: str | None, last_modified: str | None, body: bytes
    ) -> None: ...


class KeptPages:
    """One run's kept pages; without a state (it could not be opened) it keeps nothing."""

    def __init__(self, store: PageStore | None) -> None:
        self.store = store
        self._used: set[str] = set()
        self._lock = threading.Lock()

    def keep(self, link: str, response: Response) -> None:
        if self.store is None or response.status != 200:
            return
        meta = {"final_url": response.final_url, "type": response.content_type}
        meta["charset"] = response.charset or ""
        self.store.save_validators(_PREFIX + link, json.dumps(meta), None, response.body)
        with self._lock:
            self._used.add(link)

    def read(self, link: str) -> Response | None:
        """The page an earlier, interrupted run fetched for ``link``; None if none."""
        if self.store is None:
            return None
        meta_text, _, body = self.store.validators(_PREFIX + link)
        if not body or not meta_text:
            return None
        try:
            meta = json.loads(meta_text)
        except ValueError:
            return None
        with self._lock:
            self._used.add(link)
        return Response(
            link, str(meta.get("final_url") or link), 200, bytes(body), str(meta.get("type", "")),
            meta.get("charset") or None, Validators(), 0,
        )  # fmt: skip

    def forget(self) -> None:
        if self.store is None:
            return
        with self._lock:
            used, self._used = self._used, set()
        for link in sorted(used):
            self.store.save_validators(_PREFIX + link, None, None, b"")
