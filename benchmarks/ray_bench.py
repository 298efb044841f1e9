"""Local run against ``--ray``: ``python -m benchmarks.ray_bench [--articles N] [--out FILE]``.

The workload is what makes one machine too small: model summaries. A BART-IT-sized
seq2seq summariser with random weights (``devtools.sumfactory``, ~140M parameters,
built once under ``.bench/``) writes exactly ``--summary-tokens`` tokens per article, so
every article costs what a real summary of that length costs; translation runs on the
small ``dict-it-en`` MarianMT of ``../shared/models`` (or a tiny built one), so the
distributed translation path (plan, batches on actors, assemble) is measured too.
Articles are made of real Italian news sentences (``../shared/realdata/sentences``, or
the seeds' sentences).

Each configuration runs in a fresh process, as ``brief`` would: local (the CLI's own
threads), then ``--ray auto`` with 1 actor of 2 CPUs and 2 actors of 1 CPU, each Ray
started by the run itself, so its start is paid and measured. A watcher samples the
resident memory of the driver, of each actor and of Ray's own processes. The stage
times of each run split it into what only the driver does (reading, cleaning, key
points, cache, writing), what one actor does alone (planning and assembling the
translation batches), what Ray costs to start, and what is spread over the actors:
the figures behind the model of throughput on N machines printed with the table.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
DEFAULT_CACHE = REPO / ".bench"
RESULT_PREFIX = "RAY-BENCH-RESULT "
ARTICLES = 24
SENTENCES_PER_ARTICLE = 12
SUMMARY_TOKENS = 48
CORPUS_SEED = 14
# torch threads: the CLI's default (all usable cores) and one (OMP_NUM_THREADS=1, what the
# README advises on a shared machine, where two threads wait on each other's barriers).
CONFIGS: dict[str, dict[str, Any]] = {
    "local": {},
    "local, OMP_NUM_THREADS=1": {"env": {"OMP_NUM_THREADS": "1"}},
    "ray, 1 actor x 2 CPUs": {"workers": 1, "cpus": 2},
    "ray, 2 actors x 1 CPU": {"workers": 2, "cpus": 1},
}


# --- the corpus and the models ----------------------------------------------------------


def sentences() -> list[str]:
    real = SHARED / "realdata" / "sentences" / "it.txt"
    if real.is_file():
        lines = real.read_text(encoding="utf-8").splitlines()
    else:
        lines = [
            line
            for p in sorted((REPO / "seeds").glob("*.txt"))
            for line in p.read_text().splitlines()
        ]
    return [line.strip() for line in lines if len(line.split()) >= 8]


def write_articles(folder: Path, count: int, pool: list[str]) -> list[Path]:
    """``count`` articles of distinct real sentences: a title line, then paragraphs."""
    rng = random.Random(CORPUS_SEED)
    picked = rng.sample(pool, count * (SENTENCES_PER_ARTICLE + 1))
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        chunk = picked[
            index * (SENTENCES_PER_ARTICLE + 1) : (index + 1) * (SENTENCES_PER_ARTICLE + 1)
        ]
        title = chunk[0].rstrip(".")
        body = chunk[1:]
        paragraphs = [" ".join(body[i : i + 3]) for i in range(0, len(body), 3)]
        path = folder / f"article-{index:03d}.txt"
        path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def models(cache: Path) -> tuple[Path, Path]:
    """(translation model, summariser): built once, reused from ``cache``."""
    from devtools.modelfactory import build_marian
    from devtools.sumfactory import build_seq2seq

    corpus = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds").glob("*.txt"))]
    shared = SHARED / "models" / "dict-it-en"
    marian = shared if (shared / "config.json").is_file() else None
    if marian is None:
        marian = build_marian(cache / "tiny-marian", "tiny", corpus)
    summarizer = build_seq2seq(cache / "full-seq2seq", "full", corpus)
    return marian, summarizer


# --- one configuration, in its own process ------------------------------------------------


class _Timeline:
    """A pipeline Reporter that notes when each stage starts."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.stages: dict[str, float] = {}

    def stage(self, name: str, total: int) -> None:
        self.stages[name] = time.monotonic() - self.started

    def advance(self, n: int = 1) -> None:
        pass

    def failed(self, failure: Any) -> None:
        pass


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def child(spec: dict[str, Any]) -> dict[str, Any]:
    from summarize.distributed import RayOptions
    from summarize.pipeline import RunOptions, run
    from summarize.summaries.options import AbstractiveOptions
    from summarize.translation.translate import TranslateOptions

    records = _Records()
    for name in ("summarize.distributed.cluster",):
        logging.getLogger(name).addHandler(records)
        logging.getLogger(name).setLevel(logging.INFO)
    ray = None
    if spec.get("workers"):
        ray = RayOptions(address="auto", workers=spec["workers"], cpus_per_worker=spec["cpus"])
    options = RunOptions(
        out=spec["out"],
        translate=TranslateOptions(
            lang="en", model=spec["marian"], engine="transformers", beams=1, offline=True
        ),
        use_cache=True,
        cache_dir=Path(spec["cache"]),
        summarizer=AbstractiveOptions(
            model=spec["summarizer"],
            target_lang="en",
            max_new_tokens=spec["summary_tokens"],
            sentences=3,
            offline=True,
        ),
        ray=ray,
    )
    timeline = _Timeline()
    result = run([spec["articles"]], options, timeline)
    wall = time.monotonic() - timeline.started
    found: dict[str, Any] = {"actors_ready": 0.0, "broadcast": {}}
    for record in records.records:
        message = str(record.msg)
        if message.startswith("Ray: %s CPUs"):
            found["connect"] = record.args[2]  # type: ignore[index]
        elif "actors ready" in message:
            found["actors_ready"] += record.args[1]  # type: ignore[index]
        elif message.startswith("Ray: %s on %d actors"):
            method, _, seconds = record.args  # type: ignore[misc]
            found["broadcast"][method] = found["broadcast"].get(method, 0.0) + seconds
        elif message.startswith("Ray: shut down"):
            found["shutdown"] = record.args[0]  # type: ignore[index]
        elif message.startswith("Ray: %d texts"):
            _, _, plan, ran, assemble = record.args  # type: ignore[misc]
            found |= {"plan": plan, "run_batches": ran, "assemble": assemble}
    return {
        "wall": wall,
        "stages": timeline.stages,
        "briefed": len(result.digest.briefings),
        "failed": len(result.digest.failures),
        "translated": result.digest.facts.translated,
        "driver_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        **found,
    }


# --- the watcher and the parent -----------------------------------------------------------


class _Memory:
    """Peak resident memory of a process tree, by role, sampled every 0.2 s."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peaks: dict[str, float] = {}
        self.ray_total = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        import psutil

        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                tree = [root, *root.children(recursive=True)]
            except psutil.Error:
                tree = []
            system = 0.0
            for proc in tree:
                try:
                    rss = proc.memory_info().rss / 2**20
                    title = " ".join(proc.cmdline())[:80]
                except psutil.Error:
                    continue
                if proc.pid == self.pid:
                    role = "driver"
                elif title.startswith("ray::") and "Worker" in title:
                    role = f"actor {proc.pid}"
                else:
                    system += rss
                    continue
                self.peaks[role] = max(self.peaks.get(role, 0.0), rss)
            self.ray_total = max(self.ray_total, system)
            self._stop.wait(0.2)

    def stop(self) -> dict[str, Any]:
        self._stop.set()
        self._thread.join()
        actors = [v for k, v in self.peaks.items() if k.startswith("actor")]
        return {
            "actor_peak_mb": max(actors) if actors else None,
            "ray_system_mb": self.ray_total or None,
        }


def measure(articles: int, summary_tokens: int, cache: Path, say: Any) -> dict[str, Any]:
    marian, summarizer = models(cache)
    work = Path(tempfile.mkdtemp(prefix="brief-ray-bench-"))
    folder = work / "articles"
    write_articles(folder, articles, sentences())
    env = dict(os.environ)
    env.update(
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        PYTHONPATH=os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p),
    )
    env.pop("OMP_NUM_THREADS", None)
    results = {}
    for name, config in CONFIGS.items():
        say(f"{name} ...")
        spec = {
            "articles": str(folder),
            "out": str(work / f"out-{len(results)}"),
            "cache": str(work / f"cache-{len(results)}"),  # a cold cache for each
            "marian": str(marian),
            "summarizer": str(summarizer),
            "summary_tokens": summary_tokens,
            **{k: v for k, v in config.items() if k != "env"},
        }
        proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.ray_bench", "--child", json.dumps(spec)],
            cwd=REPO,
            env=env | config.get("env", {}),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        memory = _Memory(proc.pid)
        stdout, stderr = proc.communicate(timeout=3600)
        watched = memory.stop()
        lines = [line for line in stdout.splitlines() if line.startswith(RESULT_PREFIX)]
        if proc.returncode != 0 or not lines:
            raise RuntimeError(f"{name} failed:\n{stderr[-3000:]}")
        row = json.loads(lines[-1][len(RESULT_PREFIX) :]) | watched
        digest = json.loads((Path(spec["out"]) / "digest.json").read_text(encoding="utf-8"))
        digest.pop("generated_at", None)
        digest["run"].pop("seconds", None)
        row["digest"] = digest
        results[name] = row
        say(f"  {row['wall']:.1f} s")
    first = next(iter(results.values()))["digest"]
    return {
        "articles": articles,
        "summary_tokens": summary_tokens,
        "cpus": len(os.sched_getaffinity(0)),
        "load_average": os.getloadavg(),
        "same_digest": all(r["digest"] == first for r in results.values()),
        "runs": {k: {kk: vv for kk, vv in v.items() if kk != "digest"} for k, v in results.items()},
    }


def model_of_scaling(report: dict[str, Any]) -> dict[str, float]:
    """Per-article seconds: at the driver only (serial), at one actor (serial), spread over
    the actors (parallel), and Ray's fixed start; from the 2-actor run's stage times."""
    n = report["articles"]
    run = report["runs"]["ray, 2 actors x 1 CPU"]
    stages, wall, told = run["stages"], run["wall"], run["broadcast"]
    translate_start = stages.get("translate", wall)
    reading = stages["summaries"] - stages["articles"]  # read, clean, key points
    fixed = run.get("connect", 0.0) + run["actors_ready"] + told.get("load_translator", 0.0)
    fixed += run.get("shutdown", 0.0)
    summaries = translate_start - stages["summaries"] - run["actors_ready"]
    summaries -= told.get("summary_key", 0.0) + told.get("drop", 0.0)
    one_actor = run.get("plan", 0.0) + run.get("assemble", 0.0)
    spread = summaries + run.get("run_batches", 0.0)
    writing = wall - translate_start - told.get("load_translator", 0.0)
    writing -= run.get("plan", 0.0) + run.get("run_batches", 0.0) + run.get("assemble", 0.0)
    writing -= run.get("shutdown", 0.0)
    driver = reading + max(0.0, writing)
    return {
        "serial_s_per_article": (driver + one_actor) / n,
        "driver_s_per_article": driver / n,
        "one_actor_s_per_article": one_actor / n,
        "parallel_actor_s_per_article": spread * 2 / n,  # two actors worked that long
        "fixed_s": fixed,
        "local_s_per_article": report["runs"]["local"]["wall"] / n,
    }


def markdown(report: dict[str, Any]) -> str:
    n = report["articles"]
    lines = [
        f"{n} articles ({SENTENCES_PER_ARTICLE} sentences each), BART-IT-sized summariser "
        f"writing {report['summary_tokens']} tokens each, dict-it-en translation, "
        f"{report['cpus']} CPUs; digest.json identical in every run: "
        f"{'yes' if report['same_digest'] else 'NO'}.",
        "",
        "| run | wall | articles/min | Ray start (join + actors) | driver peak | actor peak | "
        "Ray's own processes |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, run in report["runs"].items():
        start = "-"
        if "connect" in run:
            loads = run["actors_ready"] + run["broadcast"].get("load_translator", 0.0)
            start = f"{run['connect']:.1f} + {loads:.1f} s"
        lines.append(
            f"| {name} | {run['wall']:.1f} s | {60 * n / run['wall']:.1f} | {start} | "
            f"{run['driver_peak_mb']:.0f} MB | {_mb(run.get('actor_peak_mb'))} | "
            f"{_mb(run.get('ray_system_mb'))} |"
        )
    m = model_of_scaling(report)
    total = m["serial_s_per_article"] + m["parallel_actor_s_per_article"]
    lines += [
        "",
        "Per article, from the 2-actor run: "
        f"{m['driver_s_per_article']:.3f} s at the driver alone, "
        f"{m['one_actor_s_per_article']:.3f} s at one actor alone (translation plan and "
        f"assembly), {m['parallel_actor_s_per_article']:.2f} actor-seconds spread over the "
        f"actors; Ray's fixed start {m['fixed_s']:.1f} s per run.",
        f"Serial share: {m['serial_s_per_article']:.3f} s of {total:.2f} s per article "
        f"({100 * m['serial_s_per_article'] / total:.1f} %): at most "
        f"{total / m['serial_s_per_article']:.0f}x a single actor, however many machines.",
    ]
    return "\n".join(lines)


def throughput(m: dict[str, float], actors: int, articles: int) -> float:
    """Articles per minute of a run of ``articles`` on ``actors`` actors (Amdahl)."""
    seconds = m["fixed_s"] + articles * (
        m["serial_s_per_article"] + m["parallel_actor_s_per_article"] / actors
    )
    return 60 * articles / seconds


def _mb(value: float | None) -> str:
    return "-" if value is None else f"{value:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ray_bench")
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument("--summary-tokens", type=int, default=SUMMARY_TOKENS)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--out", type=Path, help="write the Markdown table here too")
    parser.add_argument("--json", type=Path, help="write the raw report here")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(RESULT_PREFIX + json.dumps(child(json.loads(args.child))), flush=True)
        return 0

    def say(text: str) -> None:
        print(text, file=sys.stderr, flush=True)

    report = measure(args.articles, args.summary_tokens, args.cache, say)
    m = model_of_scaling(report)
    report["model"] = m
    text = markdown(report)
    rows = ["", "| machines (2 actors each) | articles/min, 1,000 articles |", "|---:|---:|"]
    for machines in (1, 2, 4, 8, 16, 64):
        rows.append(f"| {machines} | {throughput(m, 2 * machines, 1000):.0f} |")
    text += "\n" + "\n".join(rows)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
