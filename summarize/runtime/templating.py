"""The one way brief makes a Jinja2 environment, for output templates and summariser
prompts alike: strict (an unknown variable is an error, not an empty string), a user's
folder before the shipped one, compiled templates kept in the user cache folder.
"""

from __future__ import annotations

import logging
import os
import posixpath
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarize.errors import TemplateFailure
from summarize.runtime.bounded import MIB, Unreadable, read_bounded
from summarize.runtime.cache import default_cache_dir
from summarize.runtime.environment import one_line

if TYPE_CHECKING:
    from jinja2 import BaseLoader, BytecodeCache, Environment

log = logging.getLogger(__name__)

# Compiling the Markdown and HTML templates costs ~0.4 s a run, more than a warm rerun's
# whole work; compiled templates are kept here, keyed by Jinja2 on each template's source.
TEMPLATE_CACHE_DIR = "templates"

# 1 MiB: the largest shipped template (digest.html.j2) is 5.5 kB and the prompts under
# 1 kB; a file 190 times the largest is no template a person wrote (a log, a sparse file).
MAX_TEMPLATE_BYTES = 1 * MIB


def environment(
    folders: Sequence[str | Path], *, autoescape: bool, setting: str = "templates"
) -> Environment:
    """An environment loading from ``folders`` in order (the first that has a name wins);
    a template that cannot be read is a TemplateFailure naming ``setting``."""
    from jinja2 import ChoiceLoader, Environment, StrictUndefined

    return Environment(
        loader=ChoiceLoader([bounded_loader(f, setting) for f in folders]),
        bytecode_cache=_bytecode_cache(),
        undefined=StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def bounded_loader(folder: str | Path, setting: str) -> BaseLoader:
    """Jinja2's FileSystemLoader reading through runtime.bounded: it opened a FIFO and
    waited for a writer, read /dev/zero or a sparse file of gigabytes whole, and silently
    used the shipped template where the user's name was a pipe or a device. Here a name
    present in ``folder`` is read, bounded and without blocking, or refused in one line."""
    from jinja2 import FileSystemLoader, TemplateNotFound
    from jinja2.loaders import split_template_path

    class _Bounded(FileSystemLoader):
        def get_source(
            self, environment: Environment, template: str
        ) -> tuple[str, str, Callable[[], bool]]:
            filename = posixpath.join(str(folder), *split_template_path(template))
            if not os.path.lexists(filename):
                raise TemplateNotFound(template)
            try:
                source = read_bounded(filename, MAX_TEMPLATE_BYTES).decode(self.encoding)
                mtime = Path(filename).stat().st_mtime
            except (Unreadable, UnicodeDecodeError, OSError) as exc:
                problem = exc.problem if isinstance(exc, Unreadable) else one_line(exc, 200)
                raise TemplateFailure(
                    filename,
                    f"{problem}; put a template file there, or remove it to use the shipped one",
                    setting=setting,
                ) from None

            def uptodate() -> bool:
                try:
                    return Path(filename).stat().st_mtime == mtime
                except OSError:
                    return False

            return source, os.path.normpath(filename), uptodate

    return _Bounded(str(folder))


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


def render(
    env: Environment, name: str, context: dict[str, Any], *, setting: str = "templates"
) -> str:
    """Template ``name`` rendered; a failure while rendering (an undefined name, a filter
    given the wrong value) is a TemplateFailure naming the template file and line, and the
    ``setting`` whose folder holds it."""
    from jinja2 import TemplateError

    template = env.get_template(name)
    try:
        return template.render(**context)
    except TemplateError as error:
        raise template_failure(error, template.filename or name, setting) from None


def template_failure(error: Exception, filename: str, setting: str) -> TemplateFailure:
    """``error`` raised while rendering, as the file and line of the template at fault
    (Jinja2 rewrites its traceback so the template's own frames carry them)."""
    where, line = filename, None
    for frame in traceback.extract_tb(error.__traceback__):
        if frame.filename.endswith(".j2"):
            where, line = frame.filename, frame.lineno
    message = one_line(error, 200)
    at = f"line {line}: " if line else ""
    return TemplateFailure(where, f"{at}{message}", setting=setting)
