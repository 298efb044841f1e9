"""A smoke run of the benchmark on the tiny model and a tiny corpus, plus its corpus maker."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from devtools.newscorpus import generated_articles, seed_articles

ROOT = Path(__file__).resolve().parents[1]


def test_the_generated_corpus_is_deterministic_distinct_and_grows_by_prefix() -> None:
    pool = [sentence for article in seed_articles() for sentence in article]
    articles = generated_articles(30, pool, per_article=5)
    assert [len(article) for article in articles] == [5] * 30
    sentences = [s for article in articles for s in article]
    assert len(set(sentences)) == len(sentences)  # no engine gets to skip a repeat
    assert not set(sentences) & set(pool)
    assert generated_articles(30, pool, per_article=5) == articles
    assert generated_articles(12, pool, per_article=5) == articles[:12]
    seed_words = {word for sentence in pool for word in sentence.split()}
    assert {word for s in sentences for word in s.split()} <= seed_words


def test_a_quick_benchmark_runs_end_to_end(tiny_model: Path, tmp_path: Path) -> None:
    pytest.importorskip("ctranslate2")
    cache = tmp_path / "bench"
    cache.mkdir()
    # The session's tiny model is the very build the benchmark asks for: reused, not rebuilt.
    shutil.copytree(tiny_model, cache / "marian-tiny")
    out, report = tmp_path / "bench.md", tmp_path / "bench.json"
    command = [sys.executable, "-m", "benchmarks.bench", "--quick", "--size", "tiny"]
    command += ["--cache", str(cache), "--out", str(out), "--json", str(report)]
    command += ["--engines", "naive,ctranslate2", "--articles", "3", "--sizes", "1,2"]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]

    data = json.loads(report.read_text())
    runs = {(e["engine"], r["corpus"]): r for e in data["engines"] for r in e["runs"]}
    assert set(runs) == {(e, c) for e in ("naive", "ctranslate2") for c in ("seeds", "generated")}
    assert runs[("ctranslate2", "generated")]["sentences"] == 3 * 6
    for run in runs.values():
        assert run["seconds"] > 0 and run["peak_rss_mb"] > 0 and run["target_tokens"] > 0
    assert (
        0
        < runs[("ctranslate2", "seeds")]["bare_seconds"]
        <= runs[("ctranslate2", "seeds")]["seconds"]
    )
    assert [r["articles"] for r in data["scaling"]["runs"]] == [1, 2]
    assert data["scaling"]["beams"] == 1
    cli = {run["run"].split(",")[0]: run for run in data["cli"]}
    assert "13 translated, 0 cached" in cli["cold: empty translation cache"]["summary"]
    assert "0 translated, 13 cached" in cli["warm rerun"]["summary"]
    assert "0 new, digest unchanged" in cli["unchanged rerun (nothing new)"]["summary"]
    assert {t["target"] for t in data["targets"]} >= {"ctranslate2 sentences/s vs naive"}

    table = out.read_text()
    assert done.stdout.strip() == table.strip()
    assert "| generated (3 articles) | ctranslate2 | 18 |" in table
    assert "Targets (issue 5)" in table
