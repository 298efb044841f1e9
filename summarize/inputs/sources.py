"""Find input files, read them and decode them to text.

Inputs arrive as they are found in the wild: UTF-8 with or without a BOM, Windows
cp1252, latin-1, sometimes UTF-16. Anything that is not text is refused with a reason,
and the run goes on with the other files.
"""

from __future__ import annotations

import codecs
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from summarize.errors import InputError
from summarize.records import Document

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
HTML_SUFFIXES = frozenset({".html", ".htm"})

# 5 MB: the longest real article page we have seen is ~400 kB of HTML; anything ten
# times that is a log file or a dump, not an article.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

# Share of control characters (other than tab/newline/CR/FF) above which decoded text
# is binary in disguise; real dumps have none, mis-decoded binaries have ~10-30%.
MAX_CONTROL_SHARE = 0.01

# NUL bytes: UTF-16 without a BOM or a binary has them in every other byte or so; a
# text file with one stray NUL (a bad copy-paste) has well under 1 in 1,000.
MAX_NUL_SHARE = 0.001

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class SourceOptions:
    """Limits on what is read."""

    max_bytes: int = DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class Candidate:
    """A file found among the inputs, with the name the user will recognise."""

    source: str
    path: Path


def find_inputs(
    inputs: Iterable[str | Path], exclude: Path | None = None
) -> tuple[list[Candidate], list[InputError]]:
    """Expand files and folders (recursively) into candidate files, in a stable order.

    A path that does not exist is an error of its own; the others still run. Files under
    ``exclude`` (the output folder, when it sits inside an input folder) are skipped, or
    each run would brief the previous run's briefings.
    """
    found: dict[Path, Candidate] = {}
    errors: list[InputError] = []
    skip = _identity(exclude) if exclude is not None else None
    for given in inputs:
        path = Path(given)
        if path.is_dir():
            for file in _walk(path, errors):
                real = _identity(file)
                if skip is not None and real.is_relative_to(skip):
                    continue
                found.setdefault(real, Candidate(str(file), file))
        elif path.is_file():
            found.setdefault(_identity(path), Candidate(str(given), path))
        elif path.exists():
            errors.append(InputError(str(given), "not a regular file; give a file or a folder"))
        else:
            errors.append(InputError(str(given), "no such file or folder"))
    return sorted(found.values(), key=lambda c: c.source), errors


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _walk(root: Path, errors: list[InputError]) -> Iterator[Path]:
    """Walk a folder without following symlinked folders twice (a symlink loop ends)."""
    seen: set[tuple[int, int]] = set()

    def on_error(exc: OSError) -> None:
        errors.append(InputError(exc.filename or str(root), f"cannot list folder: {exc.strerror}"))

    for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=on_error):
        try:
            st = Path(dirpath).stat()
        except OSError:
            dirnames[:] = []
            continue
        key = (st.st_dev, st.st_ino)
        if key in seen:
            dirnames[:] = []
            continue
        seen.add(key)
        dirnames.sort()
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            file = Path(dirpath, name)
            if file.suffix.lower() in SUFFIXES:
                yield file


def read_document(candidate: Candidate, options: SourceOptions | None = None) -> Document:
    """Read and decode one file; raise InputError saying what is wrong with it."""
    options = options or SourceOptions()
    source, path = candidate.source, candidate.path
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            raise InputError(
                source,
                f"file is {size / 1e6:.1f} MB, over the {options.max_bytes / 1e6:.0f} MB limit; "
                "raise it with --max-size if this really is one article",
            )
        data = path.read_bytes()
    except InputError:
        raise
    except OSError as exc:
        raise InputError(source, f"cannot read file: {exc.strerror or exc}") from exc
    text, encoding = decode(data, source)
    if not text.strip():
        raise InputError(source, "file is empty; nothing to brief")
    kind = "html" if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text) else "text"
    return Document(source=source, path=path, text=text, kind=kind, encoding=encoding)


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Bytes -> text. BOMs first, then strict UTF-8, then charset-normalizer's best guess."""
    if not data:
        raise InputError(source, "file is empty; nothing to brief")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(codec, errors="replace"), codec, source)
    head = data[:8192]
    if head.count(b"\x00") > MAX_NUL_SHARE * len(head):
        raise InputError(source, "binary file (NUL bytes), not text; remove it from the inputs")
    try:
        return _checked(data.decode("utf-8"), "utf-8", source)
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "utf_8"]).best()
    if best is None:
        raise InputError(source, "binary file or unknown encoding, not text; save it as UTF-8")
    encoding = best.encoding
    return _checked(str(best), encoding, source)


def _checked(text: str, encoding: str, source: str) -> tuple[str, str]:
    text = text.lstrip("\ufeff")
    if text:
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
        if controls / len(text) > MAX_CONTROL_SHARE:
            raise InputError(source, "binary file (control bytes), not text; remove it")
    return text, encoding


def _looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html"))
