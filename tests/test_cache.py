"""The translation cache: hits, key separation, and surviving a corrupt or locked file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from summarize.records import Translation
from summarize.runtime.cache import CACHE_FILE, TranslationCache


def test_hits_only_under_the_same_key(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path)
    cache.put_many("model-a|beams=4", [Translation("Ciao.", "Hello.", ("w",))])
    assert cache.get_many("model-a|beams=4", ["Ciao.", "Altro."]) == {
        "Ciao.": Translation("Ciao.", "Hello.", ("w",))
    }
    assert cache.get_many("model-a|beams=1", ["Ciao."]) == {}
    cache.close()
    assert TranslationCache(tmp_path).get_many("model-a|beams=4", ["Ciao."])["Ciao."].text == (
        "Hello."
    )


def test_many_keys_in_one_lookup(tmp_path: Path) -> None:
    cache = TranslationCache(tmp_path)
    items = [Translation(f"frase {i}", f"sentence {i}") for i in range(1200)]
    cache.put_many("k", items)
    assert len(cache.get_many("k", [t.source for t in items])) == 1200


def test_corrupt_file_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    (tmp_path / CACHE_FILE).write_bytes(b"this is not a database " * 200)
    cache = TranslationCache(tmp_path)
    assert cache.active
    assert cache.problem and "corrupt; rebuilt" in cache.problem
    cache.put_many("k", [Translation("a", "b")])
    assert cache.get_many("k", ["a"])["a"].text == "b"
    assert any(p.name.startswith(f"{CACHE_FILE}.corrupt-") for p in tmp_path.iterdir())


def test_locked_database_is_bypassed_not_fatal(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("summarize.runtime.cache.BUSY_TIMEOUT_S", 0.1)
    cache = TranslationCache(tmp_path)
    holder = sqlite3.connect(tmp_path / CACHE_FILE, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        cache.put_many("k", [Translation("a", "b")])
        assert not cache.active
        assert cache.get_many("k", ["a"]) == {}
    finally:
        holder.rollback()
        holder.close()


def test_unwritable_cache_folder_is_bypassed(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = TranslationCache(blocker / "cache")
    assert not cache.active
    assert cache.get_many("k", ["a"]) == {}
    cache.put_many("k", [Translation("a", "b")])
