"""The scaling benchmark and the article factory it runs on."""

from __future__ import annotations

from pathlib import Path

from benchmarks import scaling
from devtools.articlefactory import articles, write_articles


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


def test_a_small_scaling_run_reports_every_size() -> None:
    report = scaling.measure([6, 12], lambda _: None)
    assert [run["articles"] for run in report["runs"]] == [6, 12]
    assert all(run["briefed"] == run["articles"] for run in report["runs"])
    assert all(run["peak_rss_mb"] > 10 and run["wall_s"] > 0 for run in report["runs"])
    text = scaling.markdown(report)
    assert "| 12 | 12 |" in text
    assert scaling.targets(report) == []  # the targets need 500, 4,000 and 10,000
