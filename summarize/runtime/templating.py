"""The one way brief makes a Jinja2 environment, for output templates and summariser
prompts alike: strict (an unknown variable is an error, not an empty string), a user's
folder before the shipped one, compiled templates kept in the user cache folder.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from summarize.runtime.cache import default_cache_dir

if TYPE_CHECKING:
    from jinja2 import BytecodeCache, Environment

log = logging.getLogger(__name__)

# Compiling the Markdown and HTML templates costs ~0.4 s a run, more than a warm rerun's
# whole work; compiled templates are kept here, keyed by Jinja2 on each template's source.
TEMPLATE_CACHE_DIR = "templates"


def environment(folders: Sequence[str | Path], *, autoescape: bool) -> Environment:
    """An environment loading from ``folders`` in order (the first that has a name wins)."""
    from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folders]),
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
