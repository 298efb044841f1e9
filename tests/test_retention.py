"""Retention: the result cache and the run state stop growing (runtime/retention.py), and
`brief cache show|prune`. Real SQLite files in temporary folders, aged with SQLite itself;
the real pipeline and the real CLI."""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from child import run_brief

from summarize.pipeline import RunOptions, run
from summarize.runtime.cache import CACHE_FILE, Entry, ResultCache
from summarize.runtime.retention import (
    DAY,
    MIB,
    Retention,
    disk_bytes,
    live_bytes,
    parse_age,
    parse_size,
)
from summarize.state import STATE_FILE
from summarize.translation.translate import TranslateOptions

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
RUN_TIMEOUT_S = 120


def fill(folder: Path, namespace: str, count: int, *, retention: Retention | None = None) -> None:
    cache = ResultCache(folder, retention)
    texts = {
        f"{namespace} frase {i} " + "parola " * 30: Entry(f"sentence {i} " * 20)
        for i in range(count)
    }
    cache.put_many(namespace, texts)
    cache.close()


def sql(path: Path, statement: str, *args: object) -> list[tuple]:  # type: ignore[type-arg]
    db = sqlite3.connect(path, isolation_level=None)
    try:
        return db.execute(statement, args).fetchall()
    finally:
        db.close()


def count(folder: Path, namespace: str | None = None) -> int:
    where, args = ("WHERE key = ?", (namespace,)) if namespace else ("", ())
    return sql(folder / CACHE_FILE, f"SELECT count(*) FROM translations {where}", *args)[0][0]


def age_cache(folder: Path, namespace: str, days: float) -> None:
    sql(
        folder / CACHE_FILE,
        "UPDATE translations SET created = created - ? WHERE key = ?",
        days * DAY,
        namespace,
    )


def age_pruning(path: Path, days: float) -> None:
    sql(path, "UPDATE brief_meta SET value = value - ? WHERE name = 'pruned'", days * DAY)


def test_limits_are_read_from_words() -> None:
    assert parse_age("30d") == 30 * DAY and parse_age("12h") == 12 * 3600
    assert parse_age("2w") == 14 * DAY and parse_age("7") == 7 * DAY
    assert parse_age("off") is None and parse_size("never") is None
    assert parse_size("512MiB") == 512 * MIB and parse_size("1G") == 1024 * MIB
    assert parse_size("200MB") == 200 * MIB and parse_size("64") == 64 * MIB
    assert parse_size("100KiB") == 100 * 1024
    for bad in ("soon", "-3d", "3 parsecs"):
        with pytest.raises(ValueError):
            parse_age(bad)
    with pytest.raises(ValueError):
        parse_size("big")


def test_environment_sets_the_limits_and_a_bad_value_keeps_the_default(
    caplog: pytest.LogCaptureFixture,
) -> None:
    policy = Retention.from_environment(
        {"BRIEF_CACHE_MAX_AGE": "7d", "BRIEF_CACHE_MAX_SIZE": "off", "BRIEF_STATE_MAX_AGE": "1y"}
    )
    assert policy == Retention(7 * DAY, None, 365 * DAY)
    with caplog.at_level(logging.WARNING):
        kept = Retention.from_environment({"BRIEF_CACHE_MAX_AGE": "a while"})
    assert kept == Retention()
    assert "BRIEF_CACHE_MAX_AGE" in caplog.text and "default 30d" in caplog.text


def test_unused_cache_entries_go_and_used_ones_stay(tmp_path: Path) -> None:
    fill(tmp_path, "old", 200)
    fill(tmp_path, "used", 100)
    fill(tmp_path, "new", 50)
    age_cache(tmp_path, "old", 40)
    age_cache(tmp_path, "used", 40)
    # A run reads "used" 40 days after it was stored: its last use is now.
    reader = ResultCache(tmp_path, Retention(cache_max_age=None, cache_max_size=None))
    keys = [
        r[0]
        for r in sql(tmp_path / CACHE_FILE, "SELECT source FROM translations WHERE key = 'used'")
    ]
    assert len(reader.get_many("used", keys)) == 100
    reader.close()
    assert (
        sql(tmp_path / CACHE_FILE, "SELECT min(created) FROM translations WHERE key = 'used'")[0][0]
        > time.time() - 60
    )

    age_pruning(tmp_path / CACHE_FILE, 2)
    ResultCache(tmp_path).close()  # the default: 30 days unused
    assert (count(tmp_path, "old"), count(tmp_path, "used"), count(tmp_path, "new")) == (0, 100, 50)


def test_pruning_runs_at_most_once_a_day(tmp_path: Path) -> None:
    fill(tmp_path, "k", 20)
    ResultCache(tmp_path).close()  # pruned now
    age_cache(tmp_path, "k", 40)
    ResultCache(tmp_path).close()
    assert count(tmp_path) == 20, "pruned again within the day"
    age_pruning(tmp_path / CACHE_FILE, 1.01)
    ResultCache(tmp_path).close()
    assert count(tmp_path) == 0


def test_a_cache_over_its_size_loses_its_least_recently_used_and_the_file_shrinks(
    tmp_path: Path,
) -> None:
    unlimited = Retention(cache_max_age=None, cache_max_size=None)
    fill(tmp_path, "older", 3000, retention=unlimited)
    fill(tmp_path, "newer", 3000, retention=unlimited)
    age_cache(tmp_path, "older", 5)
    before = disk_bytes(tmp_path / CACHE_FILE)
    cap = before // 3
    ResultCache(tmp_path, Retention(cache_max_age=None, cache_max_size=cap)).close()
    db = sqlite3.connect(tmp_path / CACHE_FILE)
    assert live_bytes(db) <= cap
    db.close()
    assert count(tmp_path, "older") == 0 and 0 < count(tmp_path, "newer") < 3000
    assert disk_bytes(tmp_path / CACHE_FILE) <= cap * 1.1, "freed pages went back to the disk"


def test_the_run_state_forgets_what_no_input_met_for_months(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, inbox / seed.name)
    kept, dropped = sorted(inbox.iterdir())
    options = RunOptions(out=str(out), translate=TranslateOptions(lang="it"))
    assert run([inbox], options).new == 2
    state = out / STATE_FILE
    dropped.unlink()
    sql(state, "UPDATE articles SET first_seen = first_seen - ?", 100 * DAY)
    sql(state, "UPDATE runs SET started = started - ?", 100 * DAY)
    assert run([inbox], options).new == 0  # the kept file is met again today
    age_pruning(state, 2)
    result = run([inbox], options)
    assert result.new == 0, "an article still given is never new again"
    sources = [r[0] for r in sql(state, "SELECT source FROM articles")]
    assert sources == [str(kept)]
    assert sql(state, "SELECT count(*) FROM runs")[0][0] == 2  # the old run went


def brief_cli(
    *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    return run_brief(*args, env=env, timeout=RUN_TIMEOUT_S)


def test_brief_cache_shows_and_prunes(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache-dir"
    fill(
        cache_dir, "hub:Helsinki-NLP/opus-mt-it-en@0123456789abcdef|engine=ctranslate2|beams=4", 300
    )
    fill(cache_dir, "summary|local:abc|kind=seq2seq", 100)
    age_cache(cache_dir, "summary|local:abc|kind=seq2seq", 45)
    out = tmp_path / "out"
    assert brief_cli(SEEDS, "--lang", "it", "--out", out).returncode == 0

    shown = brief_cli("cache", "--cache", cache_dir, "--out", out)
    assert shown.returncode == 0, shown.stderr
    assert "400 entries" in shown.stdout
    assert "translations, hub:Helsinki-NLP/opus-mt-it-en@0123456, ctranslate2" in shown.stdout
    assert "summaries, local:abc" in shown.stdout
    assert "articles from files" in shown.stdout and "on disk" in shown.stdout

    dry = brief_cli("cache", "prune", "--dry-run", "--cache", cache_dir, "--out", out)
    assert dry.returncode == 0 and "would remove 100 unused" in dry.stdout
    assert count(cache_dir) == 400
    size = disk_bytes(cache_dir / CACHE_FILE)
    pruned = brief_cli("cache", "prune", "--older-than", "30d", "--cache", cache_dir, "--out", out)
    assert pruned.returncode == 0 and "removed 100 unused" in pruned.stdout
    assert count(cache_dir) == 300 and disk_bytes(cache_dir / CACHE_FILE) < size

    small = brief_cli("cache", "prune", "--max-size", "100KiB", "--cache", cache_dir)
    assert small.returncode == 0 and "least recently used entries" in small.stdout
    assert 0 < count(cache_dir) < 300
    assert disk_bytes(cache_dir / CACHE_FILE) <= 100 * 1024

    bad = brief_cli("cache", "prune", "--older-than", "soon", "--cache", cache_dir)
    assert bad.returncode == 2 and "not an age" in bad.stderr


def test_a_folder_called_cache_is_still_an_input(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    shutil.copytree(SEEDS, folder)
    out = tmp_path / "out"
    misuse = subprocess.run(
        [sys.executable, "-m", "summarize", "cache", "--lang", "it"],
        capture_output=True, text=True, cwd=tmp_path, timeout=RUN_TIMEOUT_S, check=False,
    )  # fmt: skip
    assert misuse.returncode == 2
    assert "'cache' here is a folder" in misuse.stderr and "brief ./cache" in misuse.stderr
    for form in (["./cache", "--lang", "it"], ["--lang", "it", "--", "cache"]):
        briefed = subprocess.run(
            [sys.executable, "-m", "summarize", "--out", str(out), "--all", *form],
            capture_output=True, text=True, cwd=tmp_path, timeout=RUN_TIMEOUT_S, check=False,
        )  # fmt: skip
        assert briefed.returncode == 0, briefed.stderr
        assert "2 briefed" in briefed.stdout
    helped = brief_cli("--help")
    assert "brief cache prune" in helped.stdout and "brief ./cache" in helped.stdout
