"""Reading inputs: discovery order, decoding, and refusing what is not an article file."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.errors import InputError
from summarize.inputs.sources import (
    MIB,
    Candidate,
    SourceOptions,
    decode,
    display_name,
    find_inputs,
    nothing_found,
    read_document,
    too_large,
)

TEXT = "Il ministro è arrivato a Roma. “Perché?”, ha chiesto la città – già."


def _read(path: Path, **kw: int) -> str:
    return read_document(Candidate(str(path), path), SourceOptions(**kw)).text


def test_folders_are_searched_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text(TEXT)
    (tmp_path / "a.md").write_text(TEXT)
    (tmp_path / "c.HTML").write_text("<html></html>")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.txt").write_text(TEXT)
    found, errors = find_inputs([tmp_path])
    assert [Path(c.source).relative_to(tmp_path).as_posix() for c in found] == [
        "a.md",
        "b/z.txt",
        "c.HTML",
    ]
    assert errors == []


def test_missing_input_is_reported_and_others_still_found(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    found, errors = find_inputs([tmp_path / "a.txt", tmp_path / "nope"])
    assert len(found) == 1
    assert [str(e) for e in errors] == [f"{tmp_path / 'nope'}: no such file or folder"]


def test_same_file_given_twice_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    found, _ = find_inputs([tmp_path, tmp_path / "a.txt"])
    assert len(found) == 1


def test_symlink_loop_terminates(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    found, _ = find_inputs([tmp_path])
    assert [Path(c.source).name for c in found] == ["a.txt"]


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", TEXT.encode("utf-8")),
        ("utf-8-sig", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
        ("cp1252", TEXT.encode("cp1252")),
        ("utf-16", TEXT.encode("utf-16")),
    ],
)
def test_encodings_decode_to_the_same_text(tmp_path: Path, encoding: str, data: bytes) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(data)
    assert _read(path) == TEXT


def test_latin1_accents_survive() -> None:
    text = "Città, perché, più: società è già così."
    assert decode(text.encode("latin-1"), "x")[0] == text


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b" \n\t\r\n  ", "empty"),
        ("bin.txt", bytes(range(256)) * 20, "binary"),
        ("ctrl.txt", b"\x01\x02\x03\x04abc\x05\x06" * 100, "binary"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(
    tmp_path: Path, name: str, data: bytes, problem: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=problem) as info:
        _read(path)
    assert str(path) in str(info.value)


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2048)
    with pytest.raises(InputError, match=r"file is 0\.00\d+ MiB, over the .* MiB limit$") as info:
        _read(path, max_bytes=1024)
    assert info.value.setting == "max_size"
    assert _read(path, max_bytes=4096).startswith("a")


def test_html_is_recognised_by_suffix_or_content(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("<!DOCTYPE html><html><body><p>ciao</p></body></html>")
    assert read_document(Candidate(str(page), page)).kind == "html"


def test_output_folder_inside_an_input_folder_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    (tmp_path / "out" / "briefings").mkdir(parents=True)
    (tmp_path / "out" / "digest.md").write_text("# Digest")
    (tmp_path / "out" / "briefings" / "x.md").write_text("# x")
    found, _ = find_inputs([tmp_path], exclude=tmp_path / "out")
    assert [Path(c.source).name for c in found] == ["a.txt"]


def test_a_stray_nul_byte_is_not_binary() -> None:
    text = "Il ministro è arrivato a Roma. " * 100 + "\x00" + "Poi è ripartito. " * 100
    assert decode(text.encode("utf-8"), "x")[0] == text


@pytest.mark.parametrize(
    ("size", "limit", "said"),
    [
        (50 * MIB, 5 * MIB, "file is 50.0 MiB, over the 5 MiB limit"),
        (int(5.04 * MIB), 5 * MIB, "file is 5.04 MiB, over the 5 MiB limit"),
        (5 * MIB + 1, 5 * MIB, "file is 5.000001 MiB, over the 5 MiB limit"),
        (2048, 1049, "file is 0.002 MiB, over the 0.001 MiB limit"),
        (None, 5 * MIB, "file is larger than the 5 MiB limit"),
    ],
)
def test_size_messages_are_in_mib_and_never_show_the_size_at_or_under_the_limit(
    size: int | None, limit: int, said: str
) -> None:
    assert too_large(size, limit) == said


FIFO_PROBE = """
import sys
from pathlib import Path
from summarize.errors import InputError
from summarize.inputs.sources import Candidate, read_document
try:
    read_document(Candidate("p", Path(sys.argv[1])))
except InputError as exc:
    print(exc)
"""


def test_a_fifo_that_appears_after_discovery_is_refused_without_blocking(tmp_path: Path) -> None:
    # the race: a file found as regular, replaced by a FIFO before it is read
    os.mkfifo(tmp_path / "p.txt")
    proc = subprocess.run(
        [sys.executable, "-c", FIFO_PROBE, str(tmp_path / "p.txt")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.stdout.strip() == "p: a named pipe (FIFO), not a regular file; skipped"


def test_the_walk_keeps_os_walk_order_and_needs_no_recursion(tmp_path: Path) -> None:
    for name in ("b/y.txt", "b/a/x.txt", "a.txt", "c/z.md", "b/z.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(TEXT)
    found, errors = find_inputs([tmp_path])
    assert [Path(c.source).relative_to(tmp_path).as_posix() for c in found] == [
        "a.txt",
        "b/a/x.txt",
        "b/y.txt",
        "b/z.txt",
        "c/z.md",
    ]
    assert errors == []
    limit = sys.getrecursionlimit()
    deep = tmp_path / "deep"
    folder = deep
    for _ in range(150):
        folder = folder / "d"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(TEXT)
    try:
        sys.setrecursionlimit(100)  # below the depth: a recursive walk would fail
        found, _ = find_inputs([deep])
    finally:
        sys.setrecursionlimit(limit)
    assert len(found) == 1


def test_folders_brief_wrote_are_skipped_and_named(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT)
    day1 = tmp_path / "out" / "day1"
    (day1 / "briefings").mkdir(parents=True)
    (day1 / "digest.json").write_text('{\n  "schema": 1,\n  "brief_version": "0.1.0"\n}\n')
    (day1 / "briefings" / "x.md").write_text("# x")
    running = tmp_path / "out" / "day2"  # a run still writing: only its lock so far
    running.mkdir()
    (running / ".brief.lock").write_text("")
    (running / "y.md").write_text("# y")
    mine = tmp_path / "notes"  # a digest.json that brief did not write
    mine.mkdir()
    (mine / "digest.json").write_text('{"mine": true}')
    (mine / "n.txt").write_text(TEXT)
    skipped: list[str] = []
    found, _ = find_inputs([tmp_path, day1 / "briefings" / "x.md"], skipped=skipped)
    assert [Path(c.source).name for c in found] == ["a.txt", "n.txt"]
    assert skipped == [str(day1), str(running), str(day1 / "briefings" / "x.md")]
    assert "brief's own output" in str(nothing_found([tmp_path], skipped))
    assert "no .txt" in str(nothing_found([tmp_path], []))


def test_names_that_are_not_utf8_become_escapes() -> None:
    assert display_name(os.fsdecode(b"in/bad\xff\xfename.txt")) == "in/bad\\xff\\xfename.txt"
    assert display_name("in/città.txt") == "in/città.txt"
    assert display_name("in/\ud800.txt") == "in/\\ud800.txt"
