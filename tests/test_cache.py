"""The result cache: hits, key separation, and surviving damaged, locked or read-only files.

The damaged files are real SQLite files damaged by the test: rows of the wrong type
written with SQLite itself, pages overwritten with garbage, a header that is not one.
"""

from __future__ import annotations

import gc
import logging
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarize.cli import app
from summarize.records import Translation
from summarize.runtime.cache import CACHE_FILE, Entry, ResultCache
from summarize.translation.cached import CachedTranslator

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def test_hits_only_under_the_same_key(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    cache.put_many("model-a|beams=4", {"Ciao.": Entry("Hello.", ("w",))})
    assert cache.get_many("model-a|beams=4", ["Ciao.", "Altro."]) == {
        "Ciao.": Entry("Hello.", ("w",))
    }
    assert cache.get_many("model-a|beams=1", ["Ciao."]) == {}
    cache.close()
    reopened = ResultCache(tmp_path)
    assert reopened.get_many("model-a|beams=4", ["Ciao."])["Ciao."].value == "Hello."


def test_many_keys_in_one_lookup(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path)
    items = {f"frase {i}": Entry(f"sentence {i}") for i in range(1200)}
    cache.put_many("k", items)
    assert len(cache.get_many("k", list(items))) == 1200


def test_corrupt_file_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"this is not a database " * 200)
    cache = ResultCache(tmp_path)
    assert cache.active
    assert cache.problem and "corrupt; rebuilt" in cache.problem
    cache.put_many("k", {"a": Entry("b")})
    assert cache.get_many("k", ["a"])["a"].value == "b"
    assert any(p.name.startswith(f"{CACHE_FILE}.corrupt-") for p in tmp_path.iterdir())


def test_locked_database_is_bypassed_not_fatal(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("summarize.runtime.cache.BUSY_TIMEOUT_S", 0.1)
    cache = ResultCache(tmp_path)
    holder = sqlite3.connect(tmp_path / CACHE_FILE, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        cache.put_many("k", {"a": Entry("b")})
        assert not cache.active
        assert cache.get_many("k", ["a"]) == {}
        assert cache.problem and "locked by another process" in cache.problem
    finally:
        holder.rollback()
        holder.close()
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]


def test_unwritable_cache_folder_is_bypassed(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = ResultCache(blocker / "cache")
    assert not cache.active
    assert cache.get_many("k", ["a"]) == {}
    cache.put_many("k", {"a": Entry("b")})


# --- damaged rows and pages -------------------------------------------------------------


class Upper:
    """A translator that upper-cases, counting what it is asked: the model stand-in."""

    engine = "upper"

    def __init__(self) -> None:
        self.asked: list[str] = []

    def translate(self, texts: Sequence[str], progress: object = None) -> list[Translation]:
        self.asked += texts
        return [Translation(t, t.upper()) for t in texts]


def _raw(folder: Path, *rows: tuple[object, ...]) -> None:
    """Rows written with SQLite itself, whatever their types."""
    db = sqlite3.connect(folder / CACHE_FILE)
    db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?, ?, 0)", rows)
    db.commit()
    db.close()


def test_rows_of_the_wrong_type_are_misses_and_get_replaced(tmp_path: Path) -> None:
    ResultCache(tmp_path).close()  # the schema
    _raw(
        tmp_path,
        ("k", "warnings an int", "x", "5"),
        ("k", "warnings not json", "x", "{oops"),
        ("k", "warnings of numbers", "x", "[1, 2]"),
        ("k", "a blob target", b"\x00\xff bytes", "[]"),
        ("k", "fine", "FINE?", '["checked"]'),
    )
    upper = Upper()
    translator = CachedTranslator(lambda: upper, ResultCache(tmp_path), "k", "upper")
    texts = [
        "warnings an int",
        "warnings not json",
        "warnings of numbers",
        "a blob target",
        "fine",
    ]
    results = translator.translate(texts)
    assert [r.source for r in results] == texts
    assert results[-1] == Translation("fine", "FINE?", ("checked",))
    assert upper.asked == texts[:-1]  # every unreadable row was a miss
    assert all(r.text == r.source.upper() for r in results[:-1])
    again = CachedTranslator(Upper, ResultCache(tmp_path), "k", "upper")
    assert again.translate(texts) == results and not again.loaded  # replaced, now hits


def _filled(folder: Path, rows: int = 3000) -> list[str]:
    cache = ResultCache(folder)
    keys = [f"frase numero {i} " + "parola " * 20 for i in range(rows)]
    cache.put_many("k", {key: Entry(key.upper()) for key in keys})
    cache.close()
    return keys


def _damage_pages(path: Path, first: int, count: int, page: int = 4096) -> None:
    with open(path, "r+b") as handle:
        handle.seek(first * page)
        handle.write(b"\xa5" * (count * page))


def test_a_damaged_page_is_moved_aside_once_and_rebuilt(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    keys = _filled(tmp_path)
    size = (tmp_path / CACHE_FILE).stat().st_size
    assert size > 100 * 4096
    _damage_pages(tmp_path / CACHE_FILE, first=size // 4096 // 2, count=8)

    with caplog.at_level(logging.WARNING, logger="summarize"):
        cache = ResultCache(tmp_path)
        found = cache.get_many("k", keys)
        cache.put_many("k", {"new": Entry("NEW")})
        assert cache.get_many("k", ["new"]) == {"new": Entry("NEW")}
        cache.get_many("k", keys)
        cache.close()
    assert len(found) < len(keys)  # what could not be read is a miss, not an error
    assert cache.problem and "corrupt; rebuilt" in cache.problem
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="summarize"):
        rebuilt = ResultCache(tmp_path)  # the next run: a sound cache, nothing to say
    assert rebuilt.problem is None and not caplog.records
    assert rebuilt.get_many("k", ["new"]) == {"new": Entry("NEW")}
    assert len([p for p in tmp_path.iterdir() if ".corrupt-" in p.name]) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_cache_is_bypassed_and_left_where_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    keys = _filled(folder, rows=10)
    before = (folder / CACHE_FILE).read_bytes()
    (folder / CACHE_FILE).chmod(0o444)
    folder.chmod(0o555)
    try:
        cache = ResultCache(folder)
        cache.get_many("k", keys)
        cache.put_many("k", {"x": Entry("X")})
    finally:
        folder.chmod(0o755)
    assert cache.problem and "read-only" in cache.problem and "moved" not in cache.problem
    assert (folder / CACHE_FILE).read_bytes() == before
    assert not [p for p in folder.iterdir() if ".corrupt-" in p.name]


# --- through the CLI ------------------------------------------------------------------------


def brief(*args: str | Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, [str(a) for a in args])


def test_a_run_survives_bad_rows_and_a_damaged_cache_warns_once(
    tiny_model: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    args = [SEEDS, "--lang", "en", "--model", tiny_model, "--beams", "1", "--cache", cache]
    first = brief(*args, "--out", tmp_path / "one")
    assert first.exit_code == 0, first.stderr
    expected = sorted(p.name for p in (tmp_path / "one" / "briefings").iterdir())

    db = sqlite3.connect(cache / CACHE_FILE)
    sources = [row[0] for row in db.execute("SELECT source FROM translations LIMIT 4")]
    db.execute("UPDATE translations SET warnings = '5' WHERE source = ?", sources[:1])
    db.execute("UPDATE translations SET target = X'00FF' WHERE source = ?", sources[1:2])
    db.commit()
    db.close()
    second = brief(*args, "--out", tmp_path / "two")
    assert second.exit_code == 0, second.stderr
    assert "Traceback" not in second.stderr and "cache" not in second.stderr
    assert sorted(p.name for p in (tmp_path / "two" / "briefings").iterdir()) == expected
    assert ", 2 translated, " in second.stdout  # the two bad rows, translated again
    db = sqlite3.connect(cache / CACHE_FILE)
    rows = db.execute(
        "SELECT typeof(target), warnings FROM translations WHERE source IN (?, ?)", sources[:2]
    ).fetchall()
    db.close()
    assert len(rows) == 2 and all(kind == "text" and notes != "5" for kind, notes in rows)

    gc.collect()  # the CLI ran in this process: let its connections close, as at exit
    (cache / CACHE_FILE).write_bytes(b"not a database at all " * 100)
    third = brief(*args, "--out", tmp_path / "three")
    assert third.exit_code == 0, third.stderr
    warnings = [line for line in third.stderr.splitlines() if "cache" in line]
    assert len(warnings) == 1 and "corrupt; rebuilt" in warnings[0], third.stderr
