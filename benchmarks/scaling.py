"""How ``brief --lang it`` grows with the number of articles.

``python -m benchmarks.bench --scaling [--scaling-sizes 500,4000,10000]`` writes that
many generated articles (``devtools/articlefactory.py``: stories of one to five
articles built from the sentences of tests/gold) into a temporary folder, runs the
``brief`` CLI on each corpus in a process of its own, and reports wall time, time per
article, the process's peak RSS and how many stories the digest found. The lock is held
all along, so this is also how long a cron run keeps the next one out.

Targets: 500 to 4,000 articles grows at most 10x in wall time (linear is 8x;
all-pairs story grouping made it ~55x), and 10,000 articles take under 2 minutes.

Story grouping alone is also timed in this process (CPU time of ``group_stories`` on the
generated briefings, names given as the factory made them) with the largest story and
pairwise precision/recall against the factory's own stories: 10,000 articles should
take about 10x what 1,000 take, and no story should hold more than a handful (the
factory's stories have one to five articles; single-link grouping once chained 8,777 of
10,000 into one).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SIZES = (500, 4000, 10000)
TARGET_GROWTH = 10.0  # wall time, 4,000 articles over 500
TARGET_SECONDS = 120.0  # wall time at 10,000 articles
TARGET_GROUPING_GROWTH = 12.0  # grouping CPU time, 10,000 articles over 1,000 (linear: 10x)
TARGET_LARGEST_STORY = 10  # articles; the factory's stories have at most 5
GROUPING_SIZES = (1000, 10000)


def measure(
    sizes: Sequence[int], say: Callable[[str], None], grouping_sizes: Sequence[int] = ()
) -> dict[str, Any]:
    from devtools.articlefactory import write_articles

    runs = []
    with tempfile.TemporaryDirectory(prefix="brief-scaling-") as tmp:
        for size in sizes:
            folder = Path(tmp) / f"in-{size}"
            write_articles(folder, size)
            out = Path(tmp) / f"out-{size}"
            say(f"brief --lang it on {size} generated articles")
            runs.append(_run_cli(folder, out, size))
            say(f"{size} articles: {runs[-1]['wall_s']:.1f} s, {runs[-1]['peak_rss_mb']:.0f} MB")
    return {
        "machine": {
            "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
            "python": platform.python_version(),
        },
        "runs": runs,
        "grouping": [grouping(size) for size in grouping_sizes],
    }


def grouping(size: int) -> dict[str, Any]:
    """``group_stories`` alone on ``size`` generated briefings: CPU seconds, stories,
    largest story, pairwise precision and recall against the factory's stories."""
    from collections import Counter

    from devtools.articlefactory import articles
    from summarize.briefing.stories import group_stories
    from summarize.language.lemmas import lemma_of
    from summarize.records import Article, Block, Briefing, Mentions, Pair

    made = articles(size)
    briefings = []
    for a in made:
        title, *paragraphs = a.text.strip().split("\n\n")
        article = Article(a.name, title, blocks=[Block("paragraph", p) for p in paragraphs])
        names = Mentions(list(a.people), [a.place], [a.organisation])
        briefings.append(Briefing(a.name, a.name, "it", article, Pair(title), [], [], names, 1, 1))
    # simplemma's dictionary loads once per process: outside the timing, and no lemma
    # cached from an earlier size inside it
    lemma_of.cache_clear()
    lemma_of("casa")
    lemma_of.cache_clear()
    started = time.process_time()
    found = group_stories(briefings)
    seconds = time.process_time() - started
    story = {a.name: a.story for a in made}
    joined = right = 0
    for s in found:
        n = len(s.briefings)
        joined += n * (n - 1) // 2
        right += sum(
            k * (k - 1) // 2 for k in Counter(story[b.source] for b in s.briefings).values()
        )
    same = sum(k * (k - 1) // 2 for k in Counter(story.values()).values())
    return {
        "articles": size,
        "stories": len(found),
        "largest_story": max(len(s.briefings) for s in found),
        "cpu_s": seconds,
        "precision": right / max(1, joined),
        "recall": right / max(1, same),
    }


def _run_cli(folder: Path, out: Path, size: int) -> dict[str, Any]:
    """One CLI run in its own process; its own peak RSS comes from wait4."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    command = [sys.executable, "-m", "summarize", str(folder), "--lang", "it", "--out", str(out)]
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    proc = subprocess.Popen(
        [*command, "--quiet", "--no-cache"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=REPO,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"brief failed on {size} articles: {stderr.strip()[-500:]}")
    digest = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    return {
        "articles": size,
        "briefed": len(digest["articles"]),
        "stories": len(digest["stories"]),
        "largest_story": max((len(s["sources"]) for s in digest["stories"]), default=0),
        "wall_s": wall,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": _megabytes(usage.ru_maxrss),
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
    }


def _megabytes(maxrss: int) -> float:
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def targets(report: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    """(target, goal, measured, met) for the sizes that were run."""
    by_size = {run["articles"]: run for run in report["runs"]}
    rows: list[tuple[str, str, str, bool | None]] = []
    if 500 in by_size and 4000 in by_size:
        growth = by_size[4000]["wall_s"] / by_size[500]["wall_s"]
        rows.append(
            (
                "wall time, 4,000 articles over 500",
                f"<= {TARGET_GROWTH:.0f}x (linear: 8x)",
                f"{growth:.1f}x",
                growth <= TARGET_GROWTH,
            )
        )
    if 10000 in by_size:
        seconds = by_size[10000]["wall_s"]
        rows.append(
            (
                "wall time, 10,000 articles",
                f"<= {TARGET_SECONDS:.0f} s",
                f"{seconds:.1f} s",
                seconds <= TARGET_SECONDS,
            )
        )
    by_size = {run["articles"]: run for run in report.get("grouping", [])}
    if 1000 in by_size and 10000 in by_size:
        growth = by_size[10000]["cpu_s"] / by_size[1000]["cpu_s"]
        largest = by_size[10000]["largest_story"]
        rows.append(
            (
                "story grouping CPU time, 10,000 articles over 1,000",
                f"<= {TARGET_GROUPING_GROWTH:.0f}x (linear: 10x)",
                f"{growth:.1f}x",
                growth <= TARGET_GROUPING_GROWTH,
            )
        )
        rows.append(
            (
                "largest story, 10,000 articles",
                f"<= {TARGET_LARGEST_STORY}",
                str(largest),
                largest <= TARGET_LARGEST_STORY,
            )
        )
    return rows


def markdown(report: dict[str, Any]) -> str:
    machine = report["machine"]
    lines = [
        f"`brief --lang it` on generated articles (devtools/articlefactory.py), "
        f"{machine['cpus']} CPUs ({machine['processor']}), Python {machine['python']}; "
        "each run a process of its own, process start included.",
        "",
        "| articles | briefed | stories (largest) | wall s | CPU s | ms per article "
        "| peak RSS MB | load before / after |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for run in report["runs"]:
        lines.append(
            f"| {run['articles']} | {run['briefed']} | {run['stories']} "
            f"({run['largest_story']}) | {run['wall_s']:.1f} | {run['cpu_s']:.1f} "
            f"| {1000 * run['wall_s'] / run['articles']:.1f} | {run['peak_rss_mb']:.0f} "
            f"| {run['load_before']:.1f} / {run['load_after']:.1f} |"
        )
    lines += [
        "",
        "Story grouping alone (`group_stories`, CPU time, in this process):",
        "",
        "| articles | stories (largest) | CPU s | pairwise precision / recall |",
        "|--:|--:|--:|--:|",
    ]
    for run in report.get("grouping", []):
        lines.append(
            f"| {run['articles']} | {run['stories']} ({run['largest_story']}) "
            f"| {run['cpu_s']:.1f} | {run['precision']:.3f} / {run['recall']:.3f} |"
        )
    rows = targets(report)
    if rows:
        lines += ["", "| target | goal | measured | met |", "|---|--:|--:|---|"]
        for name, goal, measured, met in rows:
            lines.append(f"| {name} | {goal} | {measured} | {'yes' if met else 'NO'} |")
    return "\n".join(lines) + "\n"


def main(sizes: Sequence[int], out: Path | None, json_out: Path | None) -> int:
    def say(message: str) -> None:
        print(f"bench: {message}", file=sys.stderr, flush=True)

    report = measure(sizes, say, sorted({*sizes, *GROUPING_SIZES}))
    text = markdown(report)
    print(text)
    if out:
        out.write_text(text, encoding="utf-8")
    if json_out:
        json_out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0 if all(met is not False for *_, met in targets(report)) else 1
