"""The run state with local files: identity by cleaned text, one digest per folder, reruns
that change nothing, windows, a corrupt state file. No network here (see test_web.py)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from summarize.pipeline import RunOptions, run
from summarize.state import (
    STATE_FILE,
    NoveltyOptions,
    RunState,
    output_root,
    parse_since,
)
from summarize.translation.translate import TranslateOptions

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"


def brief(inputs: list[Path], out: Path | str, **novelty: object):  # type: ignore[no-untyped-def]
    options = RunOptions(
        out=str(out),
        translate=TranslateOptions(lang="it"),
        novelty=NoveltyOptions(**novelty),  # type: ignore[arg-type]
    )
    return run(inputs, options)


def sources(out: Path) -> list[str]:
    return sorted(a["source"] for a in json.loads((out / "digest.json").read_text())["articles"])


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for seed in sorted(SEEDS.glob("*.txt")):
        shutil.copy(seed, folder / seed.name)
    return folder


def test_output_root_is_the_part_before_the_first_date_field() -> None:
    assert output_root("out/%Y-%m-%d") == Path("out")
    assert output_root("/srv/brief/%Y/%m/%d") == Path("/srv/brief")
    assert output_root("out") == Path("out")
    assert output_root("%Y-%m-%d") == Path()


def test_since_accepts_spans_dates_and_last() -> None:
    now = 1_800_000_000.0
    assert parse_since("24h", None, now) == now - 86400
    assert parse_since("90m", None, now) == now - 5400
    assert parse_since("7d", None, now) == now - 7 * 86400
    assert parse_since("last", 1234.5, now) == 1234.5
    assert parse_since("last", None, now) == 0.0
    assert parse_since("2026-11-20", None, now) == time.mktime((2026, 11, 20, 0, 0, 0, 0, 0, -1))
    with pytest.raises(ValueError, match="not a time window"):
        parse_since("yesterday", None, now)


def test_rerun_with_nothing_new_writes_nothing(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = brief([inbox], out)
    assert first.new == 2 and not first.unchanged
    assert (out / STATE_FILE).exists()
    mtimes = {
        p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file() and p.suffix != ".sqlite3"
    }
    again = brief([inbox], out)
    assert again.unchanged and again.new == 0 and again.exit_code == 0
    assert again.written == []
    assert {p: p.stat().st_mtime_ns for p in mtimes} == mtimes


def test_a_renamed_file_is_not_new_and_a_new_one_is(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "%Y-%m-%d"
    brief([inbox], out)
    seed = next(inbox.glob("000_*.txt"))
    seed.rename(inbox / "renamed.txt")
    shutil.copy(GOLD / "agency_wire_heat.txt", inbox / "heat.txt")
    later = brief([inbox], tmp_path / "out" / "%Y-%m-%d-later")
    assert later.new == 1
    assert [b.source for b in later.digest.briefings] == [str(inbox / "heat.txt")]


def test_a_folder_keeps_its_articles_and_gains_the_new_ones(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    brief([inbox], out)
    shutil.copy(GOLD / "agency_wire_heat.txt", inbox / "heat.txt")
    again = brief([inbox], out)
    assert again.new == 1 and not again.unchanged
    assert len(sources(out)) == 3
    assert json.loads((out / "digest.json").read_text())["run"]["new"] == [str(inbox / "heat.txt")]


def test_a_removed_file_leaves_its_folder_digest(inbox: Path, tmp_path: Path) -> None:
    """Files are read where they are (the web's articles are kept in the state instead)."""
    out = tmp_path / "out"
    brief([inbox], out)
    next(inbox.glob("000_*.txt")).unlink()
    again = brief([inbox], out)
    assert not again.unchanged
    assert len(sources(out)) == 1


def test_changed_settings_rewrite_an_unchanged_digest(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    brief([inbox], out)
    options = RunOptions(out=str(out), translate=TranslateOptions(lang="it"), full=True)
    assert not run([inbox], options).unchanged


def test_all_and_since_ignore_the_folder(inbox: Path, tmp_path: Path) -> None:
    brief([inbox], tmp_path / "out" / "%Y-%m-%d")
    other = tmp_path / "out" / "%Y-%m-%d-other"
    assert brief([inbox], other).digest.briefings == []
    assert len(brief([inbox], other, mode="all").digest.briefings) == 2
    assert len(brief([inbox], other, mode="since", since="1h").digest.briefings) == 2
    assert brief([inbox], other, mode="since", since="last").digest.briefings == []


def test_a_corrupt_state_is_set_aside_and_rebuilt(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / STATE_FILE).write_bytes(b"this is not a database" * 100)
    result = brief([inbox], out)
    assert result.new == 2 and result.exit_code == 0
    assert list(out.glob(f"{STATE_FILE}.corrupt-*"))


def test_a_state_that_cannot_be_opened_is_left_where_it_is(inbox: Path, tmp_path: Path) -> None:
    """Not a damaged file (here a folder in its place): nothing is moved aside or said to be."""
    out = tmp_path / "out"
    (out / STATE_FILE).mkdir(parents=True)
    state = RunState(out / STATE_FILE)
    assert not state.active and state.problem is not None
    assert "cannot be opened" in state.problem and "kept as" not in state.problem
    result = brief([inbox], out)
    assert result.new == 2 and result.exit_code == 0
    assert (out / STATE_FILE).is_dir() and not list(out.glob(f"{STATE_FILE}.corrupt-*"))


def test_bad_windows_are_refused_before_any_work(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from summarize.cli import app

    bad = CliRunner().invoke(
        app, [str(SEEDS), "--lang", "it", "--since", "yesterday", "--out", str(tmp_path)]
    )
    assert bad.exit_code == 2
    assert "not a time window" in bad.output
    both = CliRunner().invoke(
        app, [str(SEEDS), "--lang", "it", "--since", "1h", "--all", "--out", str(tmp_path)]
    )
    assert both.exit_code == 2
    assert not (tmp_path / "digest.json").exists()
