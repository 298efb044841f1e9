"""The output root's Atom feed (``digest.atom``) and its ``index.html`` of digests.

Every run that writes a digest updates both at the output root: the folder above the
dated folders (``out`` for ``out/%Y-%m-%d``), or the output folder itself when it is not
dated. The feed has one entry per digest folder, its stories as the content; a rerun
into the same folder replaces that folder's entry, so entry ids are stable (a UUID
derived from the feed's own id and the folder). The feed's earlier entries are read
back from the feed file itself (a damaged or foreign file starts a new feed), never
from the old folders. The index lists every digest under the root, newest first.
Links are relative to the root, so the tree works from disk and from a static server.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from summarize import __version__
from summarize.errors import OutputError
from summarize.output.files import write_atomic
from summarize.output.templates import environment
from summarize.output.view import common_context, digest_context
from summarize.records import Digest

log = logging.getLogger(__name__)

FEED_NAME = "digest.atom"
INDEX_NAME = "index.html"
ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRY_TEMPLATE = "feed_entry.html.j2"
INDEX_TEMPLATE = "index.html.j2"
# Entries a feed keeps: two months of daily digests. Readers poll a feed often and keep
# what they fetched; a longer feed only makes every poll heavier.
MAX_ENTRIES = 60
# How deep under the root the index looks for digests: out/%Y-%m-%d is one level,
# out/%Y/%m/%d three.
INDEX_DEPTH = 3


@dataclass(frozen=True)
class Listed:
    """A digest the index lists: its folder (relative to the root) and when written."""

    folder: str
    href: str
    written: datetime
    title: str | None


def publish(root: Path, out: Path, digest: Digest, templates_dir: Path | None = None) -> list[Path]:
    """Update ``digest.atom`` and ``index.html`` at ``root`` for the digest just written
    to ``out``; both written atomically. Returns the paths written. A root that cannot
    be written is logged: the digest itself is already in place, and stays the run's."""
    try:
        return _publish(root, out, digest, templates_dir)
    except OutputError as exc:
        log.warning("feed and index not updated: %s", exc)
        return []


def _publish(root: Path, out: Path, digest: Digest, templates_dir: Path | None) -> list[Path]:
    from lxml import etree

    env = environment(templates_dir, autoescape=True)
    folder = _relative(out, root)
    prefix = "" if folder == "." else quote(folder) + "/"
    feed_id, kept = _read_feed(root / FEED_NAME)
    context = {**digest_context(digest), "base": prefix}
    content = env.get_template(FEED_ENTRY_TEMPLATE).render(**context)
    labels = context["L"]
    entry_id = f"urn:uuid:{uuid.uuid5(uuid.UUID(feed_id.removeprefix('urn:uuid:')), folder)}"
    counts = f"{context['count'](len(digest.entries), 'stories')}, "
    counts += context["count"](len(digest.briefings), "articles")
    title = f"{labels['digest']} — {folder if folder != '.' else context['date']}: {counts}"
    updated = _rfc3339(digest.generated_at)

    entry = etree.Element(f"{{{ATOM}}}entry")
    _sub(entry, "id", entry_id)
    _sub(entry, "title", title)
    _sub(entry, "updated", updated)
    _sub(entry, "link", rel="alternate", type="text/html", href=f"{prefix}digest.html")
    _sub(entry, "content", content, type="html")
    entries = [entry, *(e for e in kept if e.findtext(f"{{{ATOM}}}id") != entry_id)]
    entries.sort(key=lambda e: e.findtext(f"{{{ATOM}}}updated") or "", reverse=True)
    entries = entries[:MAX_ENTRIES]

    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", digest.lang)
    _sub(feed, "id", feed_id)
    _sub(feed, "title", f"brief — {labels['digests']}")
    _sub(feed, "updated", max(e.findtext(f"{{{ATOM}}}updated") or updated for e in entries))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=FEED_NAME)
    _sub(feed, "link", rel="alternate", type="text/html", href=INDEX_NAME)
    author = _sub(feed, "author")
    _sub(author, "name", "brief")
    _sub(feed, "generator", "brief", version=__version__)
    feed.extend(entries)
    xml = etree.tostring(feed, xml_declaration=True, encoding="utf-8", pretty_print=True)
    write_atomic(root / FEED_NAME, xml.decode("utf-8"))

    titles = {
        e.find(f"{{{ATOM}}}link").get("href"): e.findtext(f"{{{ATOM}}}title")  # type: ignore[union-attr]
        for e in entries
        if e.find(f"{{{ATOM}}}link") is not None
    }
    index = _index(root, titles, env, digest.lang)
    write_atomic(root / INDEX_NAME, index)
    return [root / FEED_NAME, root / INDEX_NAME]


def _sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    from lxml import etree

    element = etree.SubElement(parent, f"{{{ATOM}}}{tag}", **attrs)
    if text is not None:
        element.text = text
    return element


def _rfc3339(moment: datetime) -> str:
    return moment.astimezone().isoformat(timespec="seconds")


def _relative(out: Path, root: Path) -> str:
    try:
        return out.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return out.resolve().as_posix()


def _read_feed(path: Path) -> tuple[str, list[Any]]:
    """The feed's id and entries, from the file itself; a new id when there is none."""
    from lxml import etree

    fresh = f"urn:uuid:{uuid.uuid4()}"
    if not path.is_file():
        return fresh, []
    parser = etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=True)
    try:
        root = etree.parse(str(path), parser).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        log.warning("%s is not a readable feed (%s); a new feed is started", path, exc)
        return fresh, []
    feed_id = root.findtext(f"{{{ATOM}}}id") or ""
    if root.tag != f"{{{ATOM}}}feed" or not feed_id.startswith("urn:uuid:"):
        log.warning("%s is not brief's feed; a new feed is started", path)
        return fresh, []
    try:
        uuid.UUID(feed_id.removeprefix("urn:uuid:"))
    except ValueError:
        return fresh, []
    return feed_id, list(root.iterfind(f"{{{ATOM}}}entry"))


def _index(root: Path, titles: dict[str | None, str | None], env: Any, lang: str) -> str:
    listed = []
    for depth in range(INDEX_DEPTH + 1):
        for page in root.glob("/".join(["*"] * depth + ["digest.html"])):
            folder = page.parent.relative_to(root).as_posix()
            if "briefings" in page.parent.parts[len(root.parts) :]:
                continue
            href = "digest.html" if folder == "." else f"{quote(folder)}/digest.html"
            try:
                written = datetime.fromtimestamp(page.stat().st_mtime).astimezone()
            except OSError:
                continue
            listed.append(Listed(folder, href, written, titles.get(href)))
    listed.sort(key=lambda d: (d.written, d.folder), reverse=True)
    template = env.get_template(INDEX_TEMPLATE)
    return template.render(**common_context(lang), listed=listed, feed=FEED_NAME)
