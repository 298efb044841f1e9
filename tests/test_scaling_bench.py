"""The scaling benchmark and the article factory it runs on."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from devtools.articlefactory import articles, write_articles

ROOT = Path(__file__).resolve().parents[1]


def test_the_factory_is_deterministic_and_grows_by_prefix() -> None:
    small, large = articles(30), articles(60)
    assert large[:30] == small
    assert articles(30, seed=11) != small
    assert len({a.text for a in large}) == 60
    # stories of several articles, spread through the corpus
    stories = [a.story for a in large]
    assert max(stories.count(s) for s in set(stories)) >= 3
    assert any(stories[i] != stories[i + 1] for i in range(59))


def test_written_articles_are_briefed_like_any_folder(tmp_path: Path) -> None:
    paths = write_articles(tmp_path / "in", 12)
    assert len(paths) == 12 and all(p.read_text(encoding="utf-8").strip() for p in paths)


def test_a_small_scaling_run_reports_every_size(tmp_path: Path) -> None:
    """The benchmark as its users run it (a command, not an import: tests stay
    independent of benchmarks/)."""
    out, report_file = tmp_path / "scaling.md", tmp_path / "scaling.json"
    command = [sys.executable, "-m", "benchmarks.bench", "--scaling", "--scaling-sizes", "6,12"]
    command += ["--out", str(out), "--json", str(report_file)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr  # the targets need 500, 4,000 and 10,000
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert [run["articles"] for run in report["runs"]] == [6, 12]
    assert all(run["briefed"] == run["articles"] for run in report["runs"])
    assert all(run["peak_rss_mb"] > 10 and run["wall_s"] > 0 for run in report["runs"])
    assert "| 12 | 12 |" in out.read_text(encoding="utf-8")


def test_a_short_year_shows_what_retention_keeps(tmp_path: Path) -> None:
    """Four simulated days with one-day limits (set as a user sets them, in the
    environment): without retention everything stays, with it the cache and the state
    hold about the last day."""
    report_file = tmp_path / "year.json"
    command = [sys.executable, "-m", "benchmarks.bench", "--year", "--days", "4"]
    command += ["--per-run", "2", "--out", str(tmp_path / "year.md"), "--json", str(report_file)]
    limits = {"BRIEF_CACHE_MAX_AGE": "1d", "BRIEF_CACHE_MAX_SIZE": "off"}
    env = {**os.environ, **limits, "BRIEF_STATE_MAX_AGE": "1d"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    report = json.loads(report_file.read_text(encoding="utf-8"))
    without, with_ = report["without"]["samples"][-1], report["with"]["samples"][-1]
    assert without["runs"] == with_["runs"] == 96
    assert without["state_articles"] == 192 and without["cache_entries"] > 192 * 10
    assert with_["state_articles"] < 192 * 0.6
    assert with_["cache_entries"] < without["cache_entries"] * 0.6
    assert with_["cache_mb"] < without["cache_mb"] and with_["state_mb"] < without["state_mb"]
    assert "| 96 |" in (tmp_path / "year.md").read_text(encoding="utf-8")
