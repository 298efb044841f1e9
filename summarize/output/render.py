"""Briefing/Digest -> Markdown (Jinja2 templates from prompts/) and JSON.

The templates ship inside the wheel (``summarize/prompts``); in a source checkout they
are read from the repository's ``prompts/``. ``--prompts DIR`` puts a user's copy first:
any template missing there falls back to the shipped one.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from summarize import __version__
from summarize.briefing.briefing import Briefing, Pair
from summarize.briefing.digest import Digest
from summarize.output.labels import labels_for

SCHEMA_VERSION = 1
BRIEFING_TEMPLATE = "briefing.md.j2"
DIGEST_TEMPLATE = "digest.md.j2"

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^([#+\-=>])")
_LIST_NUMBER = re.compile(r"^(\d+)([.)])")
_SPACE = re.compile(r"\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def shipped_prompts_dir() -> Path:
    """Where the default templates live: inside the package, in wheels and checkouts alike."""
    return Path(__file__).resolve().parent.parent / "prompts"


def md(text: object) -> str:
    """Inline-safe Markdown: one line, no raw HTML, no link or emphasis syntax from the article."""
    value = _CONTROL.sub("", _SPACE.sub(" ", str(text or ""))).strip()
    value = _MD_SPECIAL.sub(r"\\\1", value)
    value = _ENTITY.sub(r"\\&", value)
    value = value.replace("://", r":\/\/").replace("www.", r"www\.")
    value = _LIST_NUMBER.sub(r"\1\\\2", value)
    return _LINE_START.sub(r"\\\1", value)


_TERMINAL = tuple(".!?…:;\"”»)’'")


def sentences(items: object) -> str:
    """Join sentences into prose, ending each one that lacks it with a full stop."""
    parts = [str(item).strip() for item in items or [] if str(item or "").strip()]  # type: ignore[attr-defined]
    return " ".join(p if p.endswith(_TERMINAL) else p + "." for p in parts)


def code(text: object) -> str:
    """A file name shown as code, whatever backticks it contains."""
    value = _CONTROL.sub("", _SPACE.sub(" ", str(text or ""))).strip()
    fence = "`"
    while fence in value:
        fence += "`"
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


class Renderer:
    """Loads the templates once per run; renders briefings and the digest."""

    def __init__(self, prompts_dir: Path | None = None) -> None:
        from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

        folders = [str(p) for p in (prompts_dir, shipped_prompts_dir()) if p is not None]
        self.env = Environment(
            loader=ChoiceLoader([FileSystemLoader(f) for f in folders]),
            undefined=StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.filters["md"] = md
        self.env.filters["code"] = code
        self.env.filters["sentences"] = sentences

    def briefing(self, briefing: Briefing) -> str:
        template = self.env.get_template(BRIEFING_TEMPLATE)
        return _tidy(
            template.render(
                b=briefing,
                bilingual=briefing.lang != "it",
                L=labels_for(briefing.lang),
                version=__version__,
            )
        )

    def digest(self, digest: Digest) -> str:
        template = self.env.get_template(DIGEST_TEMPLATE)
        numbers = {b.slug: n for n, b in enumerate(_story_order(digest), start=1)}
        return _tidy(
            template.render(
                d=digest,
                numbers=numbers,
                bilingual=digest.lang != "it",
                L=labels_for(digest.lang),
                version=__version__,
                date=_long_date(digest.generated_at),
            )
        )


def _story_order(digest: Digest) -> list[Briefing]:
    return [b for story in digest.stories for b in story.briefings]


def _tidy(text: str) -> str:
    """At most one blank line in a row, one final newline: templates stay readable."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def _long_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip()


def digest_json(digest: Digest) -> str:
    """The digest for machines; DESIGN.md "What is written" is its contract."""
    lang = digest.lang

    def pair(p: Pair) -> dict[str, str]:
        return p.as_dict(lang)

    articles: list[dict[str, Any]] = []
    for b in digest.briefings:
        entry: dict[str, Any] = {
            "source": b.source,
            "title": pair(b.title),
            "text": "\n".join(b.text),
            "key_points": [pair(p) for p in b.key_points],
            "summary": _joined(b.summary, lang, b.summary_target),
            "briefing": f"briefings/{b.slug}.md",
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
        articles.append(entry)
    data = {
        "schema": SCHEMA_VERSION,
        "lang": lang,
        "generated_at": digest.generated_at.isoformat(timespec="seconds"),
        "model": digest.facts.model,
        "engine": digest.facts.engine,
        "brief_version": __version__,
        "articles": articles,
        "stories": [
            {"headline": pair(s.headline), "sources": [b.source for b in s.briefings]}
            for s in digest.stories
        ],
        "whos_who": [
            {"name": p.name, "kind": p.kind, "briefings": [f"briefings/{s}.md" for s in p.slugs]}
            for p in digest.whos_who
        ],
        "errors": [{"source": f.source, "error": f.error} for f in digest.failures],
        "run": {
            "seconds": round(digest.facts.seconds, 3),
            "translated": digest.facts.translated,
            "cached": digest.facts.cached,
            "inputs": digest.facts.inputs,
        },
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _joined(pairs: list[Pair], lang: str, target_override: str | None) -> dict[str, str]:
    data = {"it": " ".join(p.it for p in pairs)}
    if lang != "it":
        data[lang] = target_override or " ".join(p.target or "" for p in pairs)
    return data
