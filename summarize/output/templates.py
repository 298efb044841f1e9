"""Where output templates come from: a user's template folder first, then the shipped ones.

The templates ship inside the package (``summarize/templates``); any template missing from
the user's folder falls back to the shipped one. Markdown and HTML renderers load their
Jinja2 environments here (``runtime.templating``), with the same folders and settings but
their own escaping.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from summarize.runtime import templating
from summarize.runtime.templating import TEMPLATE_CACHE_DIR, check_names, render

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = [
    "OUTPUT_TEMPLATES",
    "TEMPLATE_CACHE_DIR",
    "check_names",
    "environment",
    "render",
    "shipped_templates_dir",
]
# The shipped output templates (what a user's template folder may override).
OUTPUT_TEMPLATES = frozenset(
    {
        "briefing.md.j2",
        "digest.md.j2",
        "briefing.html.j2",
        "digest.html.j2",
        "page.html.j2",
        "style.css.j2",
        "feed_entry.html.j2",
        "index.html.j2",
    }
)


def shipped_templates_dir() -> Path:
    """Where the shipped output templates live: in the package, in wheels and checkouts alike."""
    return Path(__file__).resolve().parent.parent / "templates"


def template_folders(templates_dir: Path | None) -> list[str]:
    """The user's template folder first (if any), then the shipped one."""
    return [str(p) for p in (templates_dir, shipped_templates_dir()) if p is not None]


def environment(templates_dir: Path | None, *, autoescape: bool) -> Environment:
    """The output templates' environment: the user's folder first, then the shipped one."""
    return templating.environment(template_folders(templates_dir), autoescape=autoescape)
