"""Where templates come from: a user's ``--prompts DIR`` first, then the shipped ones.

The templates ship inside the package (``summarize/prompts``); any template missing from
the user's folder falls back to the shipped one. Markdown and HTML renderers load their
Jinja2 environments here, with the same folders and settings but their own escaping.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarize.errors import TemplateFailure

if TYPE_CHECKING:
    from jinja2 import BytecodeCache, Environment

log = logging.getLogger(__name__)

# Compiling the Markdown and HTML templates costs ~0.4 s a run, more than a warm rerun's
# whole work; compiled templates are kept here, keyed by Jinja2 on each template's source.
TEMPLATE_CACHE_DIR = "templates"


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


def check_names(env: Environment, name: str) -> None:
    """Raise TemplateSyntaxError for a filter or test the environment does not have.

    Jinja2 compiles a template whose unknown filter sits inside an ``{% if %}`` and fails
    only when that branch renders, which may be days later; brief's checks before any
    work call this so such a template is refused up front, with its file and line."""
    from jinja2 import TemplateSyntaxError, nodes

    source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
    tree = env.parse(source, name, filename)
    for kind, table, known in (
        ("filter", nodes.Filter, env.filters),
        ("test", nodes.Test, env.tests),
    ):
        for node in tree.find_all(table):
            if node.name not in known:
                raise TemplateSyntaxError(
                    f"no {kind} named {node.name!r}", node.lineno, name, filename
                )


def render(env: Environment, name: str, context: dict[str, Any]) -> str:
    """Template ``name`` rendered; a failure while rendering (an undefined name, a filter
    given the wrong value) is an InputError naming the template file and line."""
    from jinja2 import TemplateError

    template = env.get_template(name)
    try:
        return template.render(**context)
    except TemplateError as error:
        raise template_failure(error, template.filename or name) from None


def template_failure(error: Exception, filename: str) -> TemplateFailure:
    """``error`` raised while rendering, as the file and line of the template at fault
    (Jinja2 rewrites its traceback so the template's own frames carry them)."""
    where, line = filename, None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith(".j2"):
            where, line = frame.filename, frame.lineno
    message = " ".join(str(error).split())[:200] or type(error).__name__
    at = f"line {line}: " if line else ""
    return TemplateFailure(where, f"{at}{message}", setting="prompts")
