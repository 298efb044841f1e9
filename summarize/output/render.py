"""Briefing/Digest -> Markdown (Jinja2 templates from templates/) and JSON.

Templates come from ``output.templates`` (a user's template folder first, then the
shipped ones); the HTML pages from ``output.html``, through the same ``Renderer``.

Every bilingual pair renders as two blocks (the Italian, then the translation as a
paragraph of its own), never as two lines of one paragraph: CommonMark and GFM join
those into one line (a soft break), and backslash hard breaks are unknown to
Python-Markdown (MkDocs). Separate paragraphs read as two lines everywhere.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarize import __version__
from summarize.output.html import HtmlRenderer
from summarize.output.templates import environment, render, shipped_templates_dir
from summarize.output.view import (
    NameBook,
    briefing_context,
    digest_context,
    entries_of,
    is_web_address,
    sentences,
    summary_pair,
    summary_points,
)
from summarize.records import Briefing, Digest, Pair, StoryEntry

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["Renderer", "code", "digest_json", "link", "md", "shipped_templates_dir"]

SCHEMA_VERSION = 1
BRIEFING_TEMPLATE = "briefing.md.j2"
DIGEST_TEMPLATE = "digest.md.j2"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^([#+\-=>])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def md(text: object) -> str:
    """Inline-safe Markdown: one line, no raw HTML, no link or emphasis syntax from the article."""
    value = _CONTROL.sub("", _SPACE.sub(" ", str(text or ""))).strip()
    value = _MD_SPECIAL.sub(r"\\\1", value)
    value = _ENTITY.sub(r"\\&", value)
    value = value.replace("://", r":\/\/").replace("www.", r"www\.")
    value = _LIST_NUMBER.sub(r"\1\\\2", value)
    return _LINE_START.sub(r"\\\1", value)


def code(text: object) -> str:
    """A file name shown as code, whatever backticks it contains."""
    value = _CONTROL.sub("", _SPACE.sub(" ", str(text or ""))).strip()
    fence = "`"
    while fence in value:
        fence += "`"
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def link(url: object) -> str:
    """A web address as a Markdown autolink; anything else as inline-safe text."""
    value = str(url or "").strip()
    return f"<{value}>" if is_web_address(value) else md(value)


def indent(number: int) -> str:
    """Continuation indent for a numbered list item's later paragraphs: past the marker
    ("10. " needs four), and at least four, which Python-Markdown (MkDocs) requires."""
    return " " * max(4, len(str(number)) + 2)


class Renderer:
    """Loads the templates once per run; renders briefings and the digest."""

    def __init__(self, templates_dir: Path | None = None) -> None:
        self.templates_dir = templates_dir
        self._html_renderer: HtmlRenderer | None = None
        self.env = environment(templates_dir, autoescape=False)
        self.env.filters["md"] = md
        self.env.filters["code"] = code
        self.env.filters["sentences"] = sentences
        self.env.filters["link"] = link
        self.env.globals["indent"] = indent

    def briefing(self, briefing: Briefing) -> str:
        return _tidy(render(self.env, BRIEFING_TEMPLATE, briefing_context(briefing)))

    def digest(self, digest: Digest) -> str:
        return _tidy(render(self.env, DIGEST_TEMPLATE, digest_context(digest)))

    def briefing_html(self, briefing: Briefing) -> str:
        return self._html().briefing(briefing)

    def digest_html(self, digest: Digest) -> str:
        return self._html().digest(digest)

    @property
    def html_env(self) -> Environment:
        """The HTML renderer's own environment (autoescaped)."""
        return self._html().env

    def _html(self) -> HtmlRenderer:
        if self._html_renderer is None:
            self._html_renderer = HtmlRenderer(self.templates_dir)
        return self._html_renderer


def _tidy(text: str) -> str:
    """At most one blank line in a row, one final newline: templates stay readable."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def digest_json(digest: Digest) -> str:
    """The digest for machines; README "digest.json" documents every field."""
    lang = digest.lang
    bilingual = lang != "it"
    book = NameBook.of(digest)

    def pair(p: Pair) -> dict[str, str]:
        return p.as_dict(lang)

    articles: list[dict[str, Any]] = []
    for b in digest.briefings:
        entry: dict[str, Any] = {
            "source": b.source,
            "url": b.article.url,
            "title": pair(b.title),
            "text": "\n".join(b.text),
            "key_points": [pair(p) for p in b.key_points],
            "summary": pair(summary_pair(b)),
            "summary_key_points": summary_points(b),
            "full_text": [pair(p) for p in b.full_text] if b.full_text is not None else None,
            "briefing": f"briefings/{b.slug}.md",
            "briefing_html": f"briefings/{b.slug}.html",
            "warnings": list(b.warnings),
            "site": b.article.site,
            "date": b.article.date,
            "author": b.article.author,
            "words": b.words,
            "reading_minutes": b.reading_minutes,
            "summary_method": b.summary_method,
            "mentions": {
                "people": b.mentions.people,
                "places": b.mentions.places,
                "organisations": b.mentions.organisations,
            },
        }
        if bilingual:
            entry["names"] = [
                {"it": n.it, lang: n.text, "origin": n.origin} for n in b.names.values()
            ]
        if b.also_published:  # near-duplicates merged into this one (briefing/duplicates.py)
            entry["also_published"] = list(b.also_published)
        articles.append(entry)
    whos_who = []
    for p in digest.whos_who:
        person: dict[str, Any] = {"name": p.name, "kind": p.kind}
        if bilingual:
            person[lang] = book.text(p.name)
        person["briefings"] = [f"briefings/{s}.md" for s in p.slugs]
        whos_who.append(person)
    data = {
        "schema": SCHEMA_VERSION,
        "lang": lang,
        "generated_at": digest.generated_at.isoformat(timespec="seconds"),
        "model": digest.facts.model,
        "engine": digest.facts.engine,
        "brief_version": __version__,
        "articles": articles,
        "stories": [story_json(e, lang) for e in entries_of(digest)],
        "whos_who": whos_who,
        "errors": [{"source": f.source, "error": f.error} for f in digest.failures],
        "run": {
            "seconds": round(digest.facts.seconds, 3),
            "translated": digest.facts.translated,
            "cached": digest.facts.cached,
            "inputs": digest.facts.inputs,
        },
    }
    if digest.new is not None:  # what is new since the previous digest (state.py)
        data["run"]["new"] = list(digest.new.new)
        previous = digest.new.previous
        data["run"]["previous_digest"] = (
            previous.isoformat(timespec="seconds") if previous else None
        )
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def story_json(entry: StoryEntry, lang: str) -> dict[str, Any]:
    """One story of digest.json: ``headline`` and ``sources`` (every article's source, as
    before), then what the story-organised digest shows (README "digest.json")."""
    return {
        "headline": entry.headline.as_dict(lang),
        "sources": [b.source for b in entry.briefings],
        "id": entry.id,
        "outlets": [
            {
                "name": outlet,
                "articles": [
                    {"source": b.source, "briefing": f"briefings/{b.slug}.md",
                     "briefing_html": f"briefings/{b.slug}.html", "date": b.article.date}
                    for o, b in entry.coverage
                    if o == outlet
                ],
            }
            for outlet in entry.outlets
        ],
        "summary": [
            {**p.text.as_dict(lang), "outlets": list(p.outlets), "attributed": p.attributed,
             "differs": p.differs}
            for p in entry.summary
        ],
        "first_seen": entry.first_seen,
        "last_seen": entry.last_seen,
        "continues": None if entry.continues is None else {
            "story": entry.continues.story_id,
            "folder": entry.continues.folder,
            "digest": entry.continues.markdown.split("#")[0].removesuffix(".md") + ".json",
            "digest_html": entry.continues.html,
            "first_seen": entry.continues.first_seen,
        },
    }  # fmt: skip
