"""Reading inputs: discovery order, decoding, and refusing what is not an article file."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from summarize.errors import InputError
from summarize.inputs.sources import Candidate, SourceOptions, decode, find_inputs, read_document

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
    with pytest.raises(InputError, match=r"over the .* limit; raise it with --max-size"):
        _read(path, max_bytes=1024)
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
