"""Where output templates come from: a user's template folder first, then the shipped ones.

The templates ship inside the package (``summarize/templates``); any template missing from
the user's folder falls back to the shipped one. Markdown and HTML renderers load their
Jinja2 environments here, with the same folders and settings but their own escaping.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from jinja2 import BytecodeCache, Environment

log = logging.getLogger(__name__)

# Compiling the Markdown and HTML templates costs ~0.4 s a run, more than a warm rerun's
# whole work; compiled templates are kept here, keyed by Jinja2 on each template's source.
TEMPLATE_CACHE_DIR = "templates"
# The shipped output templates (what a user's template folder may override).
OUTPUT_TEMPLATES = frozenset(
    {
        "briefing.md.j2",
        "digest.md.j2",
        "briefing.html.j2",
        "digest.html.j2",
        "page.html.j2",
        "style.css.j2",
    }
)


def shipped_templates_dir() -> Path:
    """Where the shipped output templates live: in the package, in wheels and checkouts alike."""
    return Path(__file__).resolve().parent.parent / "templates"


def template_folders(templates_dir: Path | None) -> list[str]:
    """The user's template folder first (if any), then the shipped one."""
    return [str(p) for p in (templates_dir, shipped_templates_dir()) if p is not None]


def environment(templates_dir: Path | None, *, autoescape: bool) -> Environment:
    """A strict environment (an unknown variable is an error, not an empty string)."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=ChoiceLoader([FileSystemLoader(f) for f in template_folders(templates_dir)]),
        bytecode_cache=_bytecode_cache(),
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _bytecode_cache() -> BytecodeCache | None:
    """Compiled templates in the user cache folder; none where it cannot be made (a
    read-only home), which costs time, never a run."""
    from jinja2 import FileSystemBytecodeCache
    from jinja2.bccache import Bucket

    from summarize.runtime.cache import default_cache_dir

    class _Tolerant(FileSystemBytecodeCache):
        """A damaged entry is a miss: it is compiled again and replaced."""

        def load_bytecode(self, bucket: Bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # truncated pickle or marshal data, whatever the damage
                bucket.reset()

    folder = default_cache_dir() / TEMPLATE_CACHE_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        log.debug("no template cache in %s: %s", folder, exc)
        return None
    return _Tolerant(str(folder))
