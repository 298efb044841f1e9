"""Find input files, read them and decode them to text.

Inputs arrive as they are found in the wild: UTF-8 with or without a BOM, Windows
cp1252, latin-1, sometimes UTF-16. Anything that is not text is refused with a reason,
and the run goes on with the other files.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from summarize.errors import InputError
from summarize.layout import DIGEST_JSON, LOCK_NAME
from summarize.records import Document
from summarize.runtime.bounded import MIB, Unreadable, read_bounded
from summarize.runtime.bounded import kind as _kind
from summarize.runtime.bounded import os_problem as _os_problem
from summarize.runtime.bounded import too_large as too_large

log = logging.getLogger(__name__)

SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"})
HTML_SUFFIXES = frozenset({".html", ".htm"})

# 5 MiB: the longest real article page we have seen is ~400 kB of HTML; anything ten
# times that is a log file or a dump, not an article.
DEFAULT_MAX_BYTES = 5 * MIB

# What marks a folder as brief's own output: its lock file, or a digest.json whose
# head names brief_version (it sits in the first ~300 bytes of every digest written).
DIGEST_HEAD_BYTES = 4096

# Share of control characters (other than tabs and line separators) above which decoded
# text is binary in disguise; real dumps have none, mis-decoded binaries have ~10-30%.
MAX_CONTROL_SHARE = 0.01

# The C0 controls ``str.splitlines`` ends a line at (besides LF and CR): text, not binary.
_LINE_CONTROLS = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e")

# NUL bytes: UTF-16 without a BOM or a binary has them in every other byte or so; a
# text file with one stray NUL (a bad copy-paste) has well under 1 in 1,000.
MAX_NUL_SHARE = 0.001

# UTF-16 without a BOM: text in a Latin script has a NUL as the high byte of nearly every
# character (odd offsets for little-endian, even for big-endian) and almost none as the
# low byte. The 289 texts of ../shared/realdata in either byte order: high-byte NUL share
# >= 0.92, low-byte 0; 896 binaries (shared libraries, executables, PNG, gzip): none has
# one parity over 0.3 NUL with the other under 0.05.
MIN_UTF16_HIGH_NUL_SHARE = 0.5
MAX_UTF16_LOW_NUL_SHARE = 0.01

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
    """A file found among the inputs, with the name the user will recognise.

    ``load`` reads a candidate that is not a local file (a fetched web page).
    """

    source: str
    path: Path
    load: Callable[[], Document] | None = None


def find_inputs(
    inputs: Iterable[str | Path],
    exclude: Path | None = None,
    skipped: list[str] | None = None,
) -> tuple[list[Candidate], list[InputError]]:
    """Expand files and folders (recursively) into candidate files, in a stable order.

    A path that does not exist is an error of its own; the others still run. Only regular
    files are taken from folders: a FIFO, socket or device is reported, never opened.
    What brief wrote is never read back, or each run would brief the last one's output:
    ``exclude`` (this run's output folder) and every folder holding brief's lock or digest
    (an earlier dated output inside an input folder) are left out and named in ``skipped``,
    so a run left with nothing can say why.
    """
    found: dict[Path, Candidate] = {}
    errors: list[InputError] = []
    skipped = skipped if skipped is not None else []
    skip = _identity(exclude) if exclude is not None else None
    for given in inputs:
        path = Path(given)
        source = display_name(str(given))
        if path.is_dir():
            for file, real in _walk(path, errors, skip, skipped):
                if skip is not None and real.is_relative_to(skip):
                    continue
                found.setdefault(real, Candidate(display_name(str(file)), file))
        elif path.is_file():
            real = _identity(path)
            if _written_by_brief(path.parent, _identity(path.parent), skip) or (
                skip is not None and real.is_relative_to(skip)
            ):
                skipped.append(source)
                continue
            found.setdefault(real, Candidate(source, path))
        elif path.exists():
            errors.append(InputError(source, "not a regular file; give a file or a folder"))
        else:
            errors.append(InputError(source, "no such file or folder"))
    return sorted(found.values(), key=lambda c: c.source), errors


def nothing_found(inputs: Iterable[str | Path], skipped: list[str]) -> InputError:
    """The error for a run with no candidate at all, saying why when brief's output was skipped."""
    given = ", ".join(display_name(str(i)) for i in inputs) or "(no input)"
    if not skipped:
        return InputError(
            given, "no .txt, .md, .html or .htm files found; give files or folders of articles"
        )
    shown = ", ".join(skipped[:3]) + (f" and {len(skipped) - 3} more" if len(skipped) > 3 else "")
    return InputError(
        given,
        f"no .txt, .md, .html or .htm files found outside brief's own output (skipped {shown}: "
        "this run's output folder or an earlier run's, which brief never reads); give folders "
        "of articles and keep the output folder apart from them",
    )


def display_name(path: str) -> str:
    """A path as text that can be written anywhere: bytes of a file name that are not UTF-8
    (which Python keeps as lone surrogates) become ``\\xNN``, so writing it cannot fail."""
    try:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return path.encode("utf-8", "backslashreplace").decode("utf-8")


def is_brief_output(folder: Path) -> bool:
    """True if brief writes or wrote into ``folder``: its lock file or its digest.json is there."""
    try:
        if (folder / LOCK_NAME).is_file():
            return True
    except OSError:  # a path longer than PATH_MAX: reading it will say so
        return False
    try:
        head = _read_bounded(folder / DIGEST_JSON, DIGEST_HEAD_BYTES, str(folder), cut=True)
    except InputError:
        return False
    return head.lstrip().startswith(b"{") and b'"brief_version"' in head


def _written_by_brief(folder: Path, real: Path, skip: Path | None) -> bool:
    if skip is not None and real.is_relative_to(skip):
        return True
    if is_brief_output(folder):
        return True
    return folder.name == "briefings" and is_brief_output(folder.parent)


def _identity(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _walk(
    root: Path, errors: list[InputError], skip: Path | None, skipped: list[str]
) -> Iterator[tuple[Path, Path]]:
    """Files and their resolved paths, depth first with a stack, not recursion (a folder
    nested 1,000 deep is fine), never entering a folder twice (a symlink loop ends), in the
    order ``os.walk`` would give. Resolved paths are built a name at a time: resolving each
    one from scratch costs a system call per level, quadratic in the depth."""
    seen: set[tuple[int, int]] = set()
    stack = [(root, _identity(root))]
    while stack:
        folder, real = stack.pop()
        try:
            info = folder.stat()
        except OSError as exc:
            errors.append(InputError(display_name(str(folder)), _cannot_list(exc)))
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue
        seen.add((info.st_dev, info.st_ino))
        if _written_by_brief(folder, real, skip):
            skipped.append(display_name(str(folder)))
            continue
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as exc:
            errors.append(InputError(display_name(str(folder)), _cannot_list(exc)))
            continue
        subfolders = []
        for entry in entries:
            try:
                mode = entry.stat().st_mode
            except OSError:
                # a dangling symlink, or a path past PATH_MAX: reading it will say why
                mode = stat.S_IFDIR if _is_folder(entry) else None
            path = Path(entry.path)
            resolved = _identity(path) if entry.is_symlink() else real / entry.name
            if mode is not None and stat.S_ISDIR(mode):
                subfolders.append((path, resolved))
                continue
            if entry.name.startswith(".") or Path(entry.name).suffix.lower() not in SUFFIXES:
                continue
            if mode is None or stat.S_ISREG(mode):
                yield path, resolved
            else:
                errors.append(
                    InputError(
                        display_name(entry.path), f"{_kind(mode)}, not a regular file; skipped"
                    )
                )
        stack.extend(reversed(subfolders))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """The directory entry's own type, which needs no path lookup (so no PATH_MAX)."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


def _cannot_list(exc: OSError) -> str:
    return f"cannot list folder: {_os_problem(exc)}"


def read_document(candidate: Candidate, options: SourceOptions | None = None) -> Document:
    """Read and decode one file; raise InputError saying what is wrong with it."""
    if candidate.load is not None:
        return candidate.load()
    options = options or SourceOptions()
    source, path = candidate.source, candidate.path
    data = _read_bounded(path, options.max_bytes, source)
    text, encoding = decode(data, source)
    if not text.strip():
        raise InputError(source, "file is empty; nothing to brief")
    kind = "html" if path.suffix.lower() in HTML_SUFFIXES or _looks_like_html(text) else "text"
    return Document(source=source, path=path, text=text, kind=kind, encoding=encoding)


def _read_bounded(path: Path, limit: int, source: str, *, cut: bool = False) -> bytes:
    """The shared bounded, non-blocking read (runtime.bounded), its refusal as an InputError."""
    try:
        return read_bounded(path, limit, cut=cut)
    except Unreadable as exc:
        if exc.reason == "too_large":
            raise InputError(source, exc.problem, setting="max_size") from exc
        skipped = "; skipped" if exc.reason == "special" else ""
        raise InputError(source, exc.problem + skipped) from exc


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Bytes -> text. BOMs first, then UTF-16 by where its NULs fall, then strict UTF-8,
    then charset-normalizer's best guess."""
    if not data:
        raise InputError(source, "file is empty; nothing to brief")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(codec, errors="replace"), codec, source)
    head = data[:8192]
    if head.count(b"\x00") > MAX_NUL_SHARE * len(head):
        return _utf16_without_bom(data, source)
    try:
        return _checked(data.decode("utf-8"), "utf-8", source)
    except UnicodeDecodeError:
        pass
    declared = declared_charset(head)
    if declared is not None:
        try:
            return _checked(data.decode(declared), declared, source)
        except UnicodeDecodeError:
            log.debug("%s: declared charset %s does not decode", source, declared)
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "utf_8"]).best()
    if best is None:
        raise InputError(source, "binary file or unknown encoding, not text; save it as UTF-8")
    encoding = best.encoding
    return _checked(str(best), encoding, source)


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
# Browsers read these labels as windows-1252 (the WHATWG Encoding Standard): pages
# declared ISO-8859-1 write curly quotes and dashes in bytes 0x80-0x9f.
_WINDOWS_1252 = frozenset({"iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii"})


def declared_charset(head: bytes) -> str | None:
    """The encoding an HTML page declares in a ``<meta>`` of its head, as a Python codec
    name, or None when there is none or Python does not know it."""
    found = _META_CHARSET.search(head)
    if found is None:
        return None
    label = found.group(1).decode("ascii", "replace").lower()
    label = "cp1252" if label in _WINDOWS_1252 else label
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _utf16_byte_order(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the NULs of ``head`` fall the way UTF-16 text
    puts them, else None."""
    pairs = len(head) // 2
    if not pairs:
        return None
    even = head[0 : 2 * pairs : 2].count(0) / pairs
    odd = head[1 : 2 * pairs : 2].count(0) / pairs
    if odd >= MIN_UTF16_HIGH_NUL_SHARE and even <= MAX_UTF16_LOW_NUL_SHARE:
        return "utf-16-le"
    if even >= MIN_UTF16_HIGH_NUL_SHARE and odd <= MAX_UTF16_LOW_NUL_SHARE:
        return "utf-16-be"
    return None


def _utf16_without_bom(data: bytes, source: str) -> tuple[str, str]:
    """Text with NUL bytes: UTF-16 that lost its byte-order mark, if it decodes to text
    with hardly a control character; a binary file otherwise."""
    binary = InputError(source, "binary file (NUL bytes), not text; remove it from the inputs")
    codec = _utf16_byte_order(data[:8192])
    if codec is None:
        raise binary
    try:  # an odd last byte is half a character cut off: the rest is still the text
        return _checked(data[: len(data) // 2 * 2].decode(codec), codec, source)
    except (UnicodeDecodeError, InputError):
        raise binary from None


def _checked(text: str, encoding: str, source: str) -> tuple[str, str]:
    text = text.lstrip("\ufeff")
    if text:
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in _LINE_CONTROLS)
        if controls / len(text) > MAX_CONTROL_SHARE:
            raise InputError(source, "binary file (control bytes), not text; remove it")
    return text, encoding


# A text holding this many tags is markup, whatever its name says, and is read as HTML
# (so the cleaner's limits on markup apply, not the prose reader's costs per word: 5 MB
# of tags read as prose peaked at 1.7 GB). The 283 real .txt/.md files of shared/realdata
# hold at most 5 (placeholders like <outlet> in a README; articles 1, a <title>;
# autolinks are not tags); its 50 real HTML pages hold 481 at least.
MARKUP_TAGS = 100
_MARKUP_TAG = re.compile(r"<(?:/?[a-zA-Z][\w-]*[\s/>]|[!?])")


def _looks_like_html(text: str) -> bool:
    """A page by its start, or markup by its tags: a browser's "save as" names either."""
    head = text[:2048].lstrip().lower()
    if head.startswith(("<!doctype html", "<html")):
        return True
    if text.count("<") < MARKUP_TAGS:
        return False
    found = _MARKUP_TAG.finditer(text)
    return sum(1 for _ in zip(range(MARKUP_TAGS), found, strict=False)) == MARKUP_TAGS
