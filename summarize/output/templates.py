"""Where templates come from: a user's ``--prompts DIR`` first, then the shipped ones.

The templates ship inside the package (``summarize/prompts``); any template missing from
the user's folder falls back to the shipped one. Markdown and HTML renderers load their
Jinja2 environments here, with the same folders and settings but their own escaping.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import Environment


def shipped_prompts_dir() -> Path:
    """Where the default templates live: inside the package, in wheels and checkouts alike."""
    return Path(__file__).resolve().parent.parent / "prompts"


def template_folders(prompts_dir: Path | None) -> list[str]:
    """The user's template folder first (if any), then the shipped one."""
    return [str(p) for p in (prompts_dir, shipped_prompts_dir()) if p is not None]


def environment(prompts_dir: Path | None, *, autoescape: bool) -> Environment:
    """A strict environment (an unknown variable is an error, not an empty string)."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=ChoiceLoader([FileSystemLoader(f) for f in template_folders(prompts_dir)]),
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
