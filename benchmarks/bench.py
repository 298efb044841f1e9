"""The speed benchmark: ``python -m benchmarks.bench [--quick] [--out FILE] [--json FILE]``.

It measures translation, where ``brief`` spends its time, on a MarianMT model of
opus-mt-it-en's exact size (docs/ARCHITECTURE.md, "Models without a network") with random weights,
built once and kept under ``.bench/`` (or ``--cache``). Random weights would stop at
random lengths, so every engine is told exactly how long each output is: every
sentence of a batch decodes as many tokens as the batch's longest source has pieces
(translations run about as long as their source, and a batch runs until its longest
output is done). The work is then known and the same for every engine, and the number
of useful target tokens is the sum of the sentences' own lengths.

Each engine runs in a subprocess of its own, so its peak RSS is its own:

- naive: transformers ``generate`` one article at a time, in the article's order, fp32;
- transformers: our engine (``summarize.translation.engines.marian``): length-sorted batches
  under a token budget across all articles, ``inference_mode``, threads from the usable cores;
- transformers-int8: the same with ``--quantize`` (dynamic int8 Linear layers);
- ctranslate2: our CTranslate2 engine (``summarize.translation.engines.ct2``), int8.

Then the ``brief`` CLI cold and warm on the seeds (process start included), articles per
minute as the corpus grows, and our ``translate()`` overhead over the bare engine calls.
Targets are checked and printed with the table. Unix only (peak RSS and load
come from the kernel's resource accounting).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from devtools.fixedengines import FixedOutputCTranslate2, FixedOutputTransformers, fixed_output
from devtools.newscorpus import (
    SEEDS,
    SENTENCES_PER_ARTICLE,
    generated_articles,
    seed_articles,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CACHE = REPO / ".bench"
RESULT_PREFIX = "BENCH-RESULT "

BEAMS = 4
GENERATED_ARTICLES = 100
QUICK_ARTICLES = 6
SIZES = (10, 100, 1000)
QUICK_SIZES = (2, 4, 8)
# Greedy for the growth series: 1,000 articles at beam 4 would take longer than all the
# rest together, and growth is what this series shows.
SCALE_BEAMS = 1
ENGINES = ("naive", "transformers", "transformers-int8", "ctranslate2")
# The quantisation question is settled on the seeds, to keep the default run short.
SEEDS_ONLY = ("transformers-int8",)

# The speed targets, on the generated corpus.
TARGET_CT2_SPEED = 3.5
TARGET_CT2_RSS = 0.5
TARGET_TRANSFORMERS_SPEED = 1.3
TARGET_OVERHEAD = 0.10
TARGET_WARM_SECONDS = 1.5
# A 1-minute load average this far above the benchmark's own threads means another process
# ran for a while: contended torch threads were measured 5-50x slower here.
BUSY_LOAD_MARGIN = 0.75


# --- corpora ----------------------------------------------------------------------------


def corpus(name: str, articles: int, per_article: int = SENTENCES_PER_ARTICLE) -> list[list[str]]:
    seeds = seed_articles()
    if name == "seeds":
        return seeds
    return generated_articles(articles, [s for article in seeds for s in article], per_article)


# --- workers (each in its own process) -------------------------------------------------


def _peak_rss_mb() -> float:
    return _megabytes(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _megabytes(maxrss: int) -> float:
    """``ru_maxrss`` in MiB: the kernel reports KiB on Linux, bytes on macOS."""
    return maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def _source_pieces(model: Path) -> Callable[[str], int]:
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(model / "source.spm"))
    return lambda text: len(processor.encode(text))


def worker_setup(spec: dict[str, Any]) -> dict[str, Any]:
    """Build (or find) the model and its CTranslate2 conversion; time what was done."""
    from devtools.modelfactory import build_marian
    from summarize.runtime.models import resolve_model
    from summarize.translation.base import TranslateOptions
    from summarize.translation.engines.ct2 import cache_root, conversion_key, converted_model

    dest = Path(spec["cache"]) / f"marian-{spec['size']}"
    seeds = [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    started = time.perf_counter()
    build_marian(dest, spec["size"], seeds)
    built = time.perf_counter() - started
    ref = resolve_model(str(dest))
    root = cache_root(TranslateOptions(engine="ctranslate2"))
    fresh = not (root / conversion_key(ref, "int8")).is_dir()
    started = time.perf_counter()
    converted_model(ref, "int8", root)
    converted = time.perf_counter() - started
    params = _parameters(dest)
    return {
        "model": str(dest),
        "build_s": built,
        "convert_s": converted if fresh else None,
        "parameters": params,
    }


def _parameters(folder: Path) -> int:
    """Stored weights, counted from the safetensors header (tied matrices once)."""
    with open(folder / "model.safetensors", "rb") as handle:
        size = int.from_bytes(handle.read(8), "little")
        header = json.loads(handle.read(size))
    total = 0
    for name, tensor in header.items():
        if name != "__metadata__":
            count = 1
            for dim in tensor["shape"]:
                count *= dim
            total += count
    return total


def worker_engine(spec: dict[str, Any]) -> dict[str, Any]:
    """Load one engine, then translate each corpus in turn, timing load and translation."""
    model = Path(spec["model"])
    started = time.perf_counter()
    run, bare = _load_engine(spec["engine"], model, spec["beams"], spec.get("max_batch_tokens"))
    loaded = time.perf_counter() - started
    pieces = _source_pieces(model)
    results = []
    for name, articles in spec["corpora"]:
        texts = corpus(name, articles, spec.get("per_article", SENTENCES_PER_ARTICLE))
        sentences = [s for article in texts for s in article]
        bare_seconds = [0.0]
        started = time.perf_counter()
        run(texts, bare_seconds)
        seconds = time.perf_counter() - started
        results.append(
            {
                "corpus": name,
                "articles": len(texts),
                "sentences": len(sentences),
                "target_tokens": sum(pieces(s) for s in sentences),
                "seconds": seconds,
                "bare_seconds": bare_seconds[0] if bare else None,
                "peak_rss_mb": _peak_rss_mb(),
            }
        )
    return {"engine": spec["engine"], "load_s": loaded, "runs": results}


Runner = Callable[[list[list[str]], list[float]], None]


def _load_engine(
    engine: str, model: Path, beams: int, max_batch_tokens: int | None = None
) -> tuple[Runner, bool]:
    """A function translating articles (and timing its bare engine calls), and whether
    it has bare engine calls to time."""
    if engine == "naive":
        return _naive(model, beams), False
    from summarize.runtime.models import resolve_model
    from summarize.translation.base import TranslateOptions

    ref = resolve_model(str(model))
    budget = {"max_batch_tokens": max_batch_tokens} if max_batch_tokens else {}
    translator: Any
    if engine == "ctranslate2":
        options = TranslateOptions(engine="ctranslate2", beams=beams, **budget)
        translator = FixedOutputCTranslate2(ref, options)
    else:
        quantize = engine == "transformers-int8"
        options = TranslateOptions(beams=beams, quantize=quantize, **budget)
        translator = FixedOutputTransformers(ref, options)
    engine_call = translator.translate_batch

    def run(articles: list[list[str]], bare_seconds: list[float]) -> None:
        def timed(batch: list[str]) -> list[str]:
            started = time.perf_counter()
            try:
                return engine_call(batch)
            finally:
                bare_seconds[0] += time.perf_counter() - started

        translator.translate_batch = timed  # measure the bare calls inside translate()
        try:
            translator.translate([s for article in articles for s in article])
        finally:
            translator.translate_batch = engine_call

    return run, True


def _naive(model: Path, beams: int) -> Runner:
    """What one writes first: each article's sentences as one unsorted batch, fp32."""
    import warnings

    from transformers import MarianMTModel, MarianTokenizer

    from summarize.runtime.environment import silence_transformers

    silence_transformers()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tokenizer = MarianTokenizer.from_pretrained(model)
    network = MarianMTModel.from_pretrained(model)

    def run(articles: list[list[str]], _: list[float]) -> None:
        for article in articles:
            encoded = tokenizer(article, return_tensors="pt", padding=True)
            length = fixed_output(int(encoded["input_ids"].shape[1]))
            generated = network.generate(
                **encoded,
                num_beams=beams,
                min_new_tokens=length,
                max_new_tokens=length,
                forced_eos_token_id=None,
            )
            tokenizer.batch_decode(generated, skip_special_tokens=True)

    return run


def worker_scale(spec: dict[str, Any]) -> dict[str, Any]:
    """Articles per minute at growing corpus sizes, one engine loaded once."""
    from summarize.runtime.models import resolve_model
    from summarize.translation.base import TranslateOptions

    options = TranslateOptions(engine="ctranslate2", beams=spec["beams"])
    translator = FixedOutputCTranslate2(resolve_model(spec["model"]), options)
    pool = [s for article in seed_articles() for s in article]
    largest = generated_articles(max(spec["sizes"]), pool, spec["per_article"])
    pieces = _source_pieces(Path(spec["model"]))
    runs = []
    for size in spec["sizes"]:
        sentences = [s for article in largest[:size] for s in article]
        started = time.perf_counter()
        translator.translate(sentences)
        seconds = time.perf_counter() - started
        runs.append(
            {
                "articles": size,
                "sentences": len(sentences),
                "target_tokens": sum(pieces(s) for s in sentences),
                "seconds": seconds,
            }
        )
    return {"engine": "ctranslate2", "beams": spec["beams"], "runs": runs}


WORKERS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "setup": worker_setup,
    "engine": worker_engine,
    "scale": worker_scale,
}


# --- the orchestrator ------------------------------------------------------------------


@dataclass
class Settings:
    cache: Path
    size: str
    beams: int
    articles: int
    per_article: int
    sizes: tuple[int, ...]
    scale_beams: int
    engines: tuple[str, ...]
    quick: bool
    batch_tokens: int | None = None


def _child_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    home = cache.resolve() / "hf-home"
    env.update(
        HF_HOME=str(home),
        HF_HUB_CACHE=str(home / "hub"),
        HF_HUB_OFFLINE="1",
        TRANSFORMERS_OFFLINE="1",
        HF_HUB_DISABLE_TELEMETRY="1",
        PYTHONPATH=os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p),
    )
    env.pop("HUGGINGFACE_HUB_CACHE", None)
    env.pop("OMP_NUM_THREADS", None)
    return env


def _run_worker(kind: str, spec: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, "-m", "benchmarks.bench", "--worker", kind, json.dumps(spec)]
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_PREFIX)]
    if done.returncode != 0 or not lines:
        raise SystemExit(
            f"bench: the {kind} worker failed (exit {done.returncode}):\n{done.stderr[-3000:]}"
        )
    return json.loads(lines[-1][len(RESULT_PREFIX) :])


def _timed_cli(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Wall time and peak RSS of one ``brief`` process, start to exit."""
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "summarize", *args],
            env=env,
            cwd=REPO,
            stdout=stdout,
            stderr=stderr,
            text=True,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        process.returncode = code = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        output, errors = stdout.read(), stderr.read()
    if code not in (0, 1):
        raise SystemExit(f"bench: brief {' '.join(args)} failed (exit {code}):\n{errors[-2000:]}")
    line = next((li for li in (output + errors).splitlines() if li.startswith("brief: ")), "")
    return {
        "seconds": seconds,
        "peak_rss_mb": _megabytes(usage.ru_maxrss),
        "summary": line.strip(),
        "exit": code,
    }


def _cli_runs(model: str, env: dict[str, str], quick: bool) -> list[dict[str, Any]]:
    runs = []
    with tempfile.TemporaryDirectory(prefix="brief-bench-") as tmp:
        floor = _timed_cli(["--help"], env)
        runs.append({"run": "brief --help (process start, no model)", **floor})
        engines = ("ctranslate2",) if quick else ("transformers", "ctranslate2")
        for engine in engines:
            cache = Path(tmp) / f"cache-{engine}"
            args = ["seeds", "--lang", "en", "--model", model, "--engine", engine]
            args += ["--cache", str(cache), "--out", str(Path(tmp) / f"out-{engine}")]
            cold = _timed_cli(args, env)
            runs.append({"run": f"cold: empty translation cache, --engine {engine}", **cold})
            warm = _timed_cli([*args, "--all"], env)
            runs.append({"run": f"warm rerun, --engine {engine} --all", **warm})
            same = _timed_cli(args, env)
            runs.append({"run": f"unchanged rerun (nothing new), --engine {engine}", **same})
    return runs


class _LoadWatch:
    """The highest 1-minute load average seen while the benchmark runs, every few seconds
    (the benchmark's own threads count too)."""

    INTERVAL_S = 5.0

    def __init__(self) -> None:
        self.peak = os.getloadavg()[0]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self._stop.wait(self.INTERVAL_S):
            self.peak = max(self.peak, os.getloadavg()[0])

    def __enter__(self) -> _LoadWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def run_benchmark(settings: Settings, say: Callable[[str], None]) -> dict[str, Any]:
    load_before = os.getloadavg()
    with _LoadWatch() as watch:
        report = _measure(settings, say)
    report["machine"] = _machine(load_before, os.getloadavg(), watch.peak)
    report["targets"] = targets(report)
    return report


def _measure(settings: Settings, say: Callable[[str], None]) -> dict[str, Any]:
    env = _child_env(settings.cache)
    started = time.perf_counter()
    say(f"building or reusing the {settings.size} model and its CTranslate2 conversion")
    setup = _run_worker(
        "setup", {"cache": str(settings.cache.resolve()), "size": settings.size}, env
    )
    model = setup["model"]
    engines = []
    for engine in settings.engines:
        corpora: list[tuple[str, int]] = [("seeds", 0)]
        if engine not in SEEDS_ONLY:
            corpora.append(("generated", settings.articles))
        say(f"engine {engine}: {' then '.join(name for name, _ in corpora)}")
        spec = {
            "engine": engine,
            "model": model,
            "beams": settings.beams,
            "corpora": corpora,
            "per_article": settings.per_article,
            "max_batch_tokens": settings.batch_tokens,
        }
        engines.append(_run_worker("engine", spec, env))
    say(f"growth: ctranslate2 at {', '.join(map(str, settings.sizes))} articles")
    spec = {
        "model": model,
        "beams": settings.scale_beams,
        "sizes": list(settings.sizes),
        "per_article": settings.per_article,
    }
    scale = _run_worker("scale", spec, env)
    say("the brief CLI on the seeds, cold then warm")
    cli = _cli_runs(model, env, settings.quick)
    return {
        "schema": 1,
        "settings": {
            "model_size": settings.size,
            "parameters": setup["parameters"],
            "beams": settings.beams,
            "sentences_per_generated_article": settings.per_article,
            "generated_articles": settings.articles,
            "scale_beams": settings.scale_beams,
            "batch_tokens": settings.batch_tokens,
            "quick": settings.quick,
            "output_length": "each batch decodes as many tokens as its longest source has pieces",
        },
        "setup": setup,
        "engines": engines,
        "scaling": scale,
        "cli": cli,
        "total_s": time.perf_counter() - started,
    }


def _machine(before: tuple[float, ...], after: tuple[float, ...], peak: float) -> dict[str, Any]:
    from summarize.runtime.environment import usable_cpus

    def version(package: str) -> str | None:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return None

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            names = [line.split(":", 1)[1].strip() for line in handle if "model name" in line]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    return {
        "cpu": cpu,
        "usable_cpus": usable_cpus(),
        "load_before": [round(x, 2) for x in before],
        "load_after": [round(x, 2) for x in after],
        "load_peak": round(peak, 2),
        "python": platform.python_version(),
        "torch": version("torch"),
        "transformers": version("transformers"),
        "ctranslate2": version("ctranslate2"),
    }


# --- derived figures -------------------------------------------------------------------


def rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per engine and corpus, with rates and ratios against the naive baseline."""
    out = []
    for engine in report["engines"]:
        for run in engine["runs"]:
            seconds = run["seconds"]
            row = {
                "engine": engine["engine"],
                "corpus": run["corpus"],
                "articles": run["articles"],
                "sentences": run["sentences"],
                "load_s": engine["load_s"],
                "seconds": seconds,
                "sentences_per_s": run["sentences"] / seconds,
                "tokens_per_s": run["target_tokens"] / seconds,
                "peak_rss_mb": run["peak_rss_mb"],
                "overhead": (seconds / run["bare_seconds"] - 1) if run["bare_seconds"] else None,
            }
            out.append(row)
    for row in out:
        base = next(
            (r for r in out if r["engine"] == "naive" and r["corpus"] == row["corpus"]), None
        )
        row["speedup"] = row["sentences_per_s"] / base["sentences_per_s"] if base else None
        row["rss_ratio"] = row["peak_rss_mb"] / base["peak_rss_mb"] if base else None
    return out


def targets(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The speed targets, judged on the generated corpus; the seeds' figures alongside."""
    table = rows(report)

    def of(engine: str, key: str) -> Callable[[str], float | None]:
        def get(corpus: str) -> float | None:
            found = [r[key] for r in table if r["engine"] == engine and r["corpus"] == corpus]
            return found[0] if found else None

        return get

    def overhead(corpus: str) -> float | None:
        found = [
            r["overhead"] for r in table if r["corpus"] == corpus and r["overhead"] is not None
        ]
        return max(found, default=None)

    warm = [c["seconds"] for c in report["cli"] if c["run"].startswith("warm")]
    specs: list[tuple[str, Callable[[str], float | None], float, bool, str]] = [
        (
            "ctranslate2 sentences/s vs naive",
            of("ctranslate2", "speedup"),
            TARGET_CT2_SPEED,
            False,
            "x",
        ),
        (
            "ctranslate2 peak RSS vs naive",
            of("ctranslate2", "rss_ratio"),
            TARGET_CT2_RSS,
            True,
            "x",
        ),
        (
            "transformers sentences/s vs naive",
            of("transformers", "speedup"),
            TARGET_TRANSFORMERS_SPEED,
            False,
            "x",
        ),
        ("translate() overhead over the bare engine calls", overhead, TARGET_OVERHEAD, True, "%"),
        (
            "warm rerun on the seeds, wall s",
            lambda corpus: max(warm, default=None) if corpus == "seeds" else None,
            TARGET_WARM_SECONDS,
            True,
            "s",
        ),
    ]
    checks = []
    for name, get, goal, at_most, unit in specs:
        generated, seeds = get("generated"), get("seeds")
        judged = seeds if generated is None else generated
        met = None if judged is None else (judged <= goal if at_most else judged >= goal)
        checks.append(
            {
                "target": name,
                "goal": goal,
                "at_most": at_most,
                "unit": unit,
                "generated": generated,
                "seeds": seeds,
                "met": met,
            }
        )
    return checks


# --- rendering -------------------------------------------------------------------------


def markdown(report: dict[str, Any]) -> str:
    settings, machine = report["settings"], report["machine"]
    lines = [
        f"Benchmark: {settings['model_size']}-size random MarianMT "
        f"({settings['parameters'] / 1e6:.1f}M parameters), beam {settings['beams']}, "
        f"{machine['usable_cpus']} CPUs ({machine['cpu']}), load average "
        f"{machine['load_before'][0]:.1f} before, {machine.get('load_peak', 0):.1f} at most "
        "during the run (the benchmark's own threads included); "
        f"torch {machine['torch']}, transformers {machine['transformers']}, "
        f"ctranslate2 {machine['ctranslate2']}. Output length fixed: "
        f"{settings['output_length']}. Generated corpus: {settings['generated_articles']} "
        f"articles of {settings['sentences_per_generated_article']} sentences recombined "
        f"from the seeds'; {', '.join(SEEDS_ONLY)} runs on the seeds only. Each engine runs "
        "in a process of its own; load s is the model load, translate s the translation.",
        "",
        *_busy_warning(machine),
        "| corpus | engine | sentences | load s | translate s | sentences/s | target tokens/s "
        "| peak RSS MB | speed vs naive | RSS vs naive | translate() overhead |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for row in sorted(rows(report), key=lambda r: (r["corpus"] != "seeds", r["corpus"])):
        lines.append(
            f"| {row['corpus']} ({row['articles']} articles) | {row['engine']} "
            f"| {row['sentences']} | {row['load_s']:.1f} | {row['seconds']:.1f} "
            f"| {row['sentences_per_s']:.2f} | {row['tokens_per_s']:.0f} "
            f"| {row['peak_rss_mb']:.0f} | {_ratio(row['speedup'])} | {_ratio(row['rss_ratio'])} "
            f"| {_percent(row['overhead'])} |"
        )
    scale = report["scaling"]
    lines += [
        "",
        f"Growth (ctranslate2, beam {scale['beams']}"
        + (", greedy to keep the run short" if scale["beams"] == 1 else "")
        + "):",
        "",
        "| articles | sentences | translate s | articles/min | ms per article |",
        "|--:|--:|--:|--:|--:|",
    ]
    for run in scale["runs"]:
        per = run["seconds"] / run["articles"]
        lines.append(
            f"| {run['articles']} | {run['sentences']} | {run['seconds']:.1f} "
            f"| {60 / per:.0f} | {per * 1000:.0f} |"
        )
    lines += [
        "",
        "The brief CLI on the seeds, wall time with process start:",
        "",
        "| run | wall s | peak RSS MB | brief says |",
        "|---|--:|--:|---|",
    ]
    for run in report["cli"]:
        summary = run["summary"].split(" -> ")[0]
        lines.append(
            f"| {run['run']} | {run['seconds']:.2f} | {run['peak_rss_mb']:.0f} | {summary} |"
        )
    setup = report["setup"]
    if setup.get("convert_s") is not None:
        lines.append(f"\nOne-time CTranslate2 conversion (int8): {setup['convert_s']:.1f} s.")
    lines += [
        "",
        "Targets (issue 5), judged on the generated corpus:",
        "",
        "| target | goal | generated | seeds | met |",
        "|---|--:|--:|--:|---|",
    ]
    for item in report["targets"]:
        sign = "<=" if item["at_most"] else ">="
        met = "n/a" if item["met"] is None else "yes" if item["met"] else "**no**"
        lines.append(
            f"| {item['target']} | {sign} {_value(item['goal'], item['unit'])} "
            f"| {_value(item['generated'], item['unit'])} | {_value(item['seeds'], item['unit'])} "
            f"| {met} |"
        )
    lines.append(f"\nWhole benchmark: {report['total_s'] / 60:.1f} min.")
    return "\n".join(lines) + "\n"


def _busy_warning(machine: dict[str, Any]) -> list[str]:
    peak = machine.get("load_peak", 0.0)
    if peak <= machine["usable_cpus"] + BUSY_LOAD_MARGIN:
        return []
    return [
        f"**Warning**: other processes competed for the CPUs (load average up to {peak:.1f} on "
        f"{machine['usable_cpus']} CPUs); figures from such a run can be several times off.",
        "",
    ]


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}x"


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "%":
        return _percent(value)
    if unit == "s":
        return f"{value:.2f} s"
    return f"{value:.2f}x"


# --- command line ----------------------------------------------------------------------


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise argparse.ArgumentTypeError("--sizes wants numbers separated by commas") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("--sizes wants positive numbers")
    return sizes


def _engines(text: str) -> tuple[str, ...]:
    engines = tuple(part.strip() for part in text.split(",") if part.strip())
    unknown = sorted(set(engines) - set(ENGINES))
    if unknown or not engines:
        raise argparse.ArgumentTypeError(f"--engines: choose among {', '.join(ENGINES)}")
    return engines


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bench",
        description="Translation speed and memory of brief's engines on a full-size model.",
    )
    parser.add_argument("--quick", action="store_true", help="small corpora, a fast check")
    parser.add_argument("--out", type=Path, help="also write the Markdown table here")
    parser.add_argument("--json", type=Path, help="write the results as JSON here")
    parser.add_argument(
        "--sizes",
        type=_sizes,
        help="articles at each step of the growth series (default: 10,100,1000)",
    )
    parser.add_argument("--articles", type=int, help="articles in the generated corpus")
    parser.add_argument(
        "--per-article",
        type=int,
        default=SENTENCES_PER_ARTICLE,
        help="sentences per generated article",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=DEFAULT_CACHE,
        help="where the model and its conversion are kept (default: .bench/)",
    )
    parser.add_argument("--size", choices=("full", "tiny"), default="full", help="model size")
    parser.add_argument("--beams", type=int, default=BEAMS, help="beam size")
    parser.add_argument(
        "--scale-beams",
        type=int,
        default=SCALE_BEAMS,
        help="beam size of the growth series",
    )
    parser.add_argument(
        "--engines",
        type=_engines,
        default=ENGINES,
        help=f"engines to compare, comma-separated (default: {','.join(ENGINES)})",
    )
    parser.add_argument(
        "--batch-tokens",
        type=int,
        help="padded tokens per batch for our engines (default: each engine's tuned budget)",
    )
    parser.add_argument(
        "--scaling",
        action="store_true",
        help="instead: brief --lang it on growing generated corpora (benchmarks/scaling.py)",
    )
    parser.add_argument(
        "--scaling-sizes",
        type=_sizes,
        help="articles per corpus of --scaling (default: 500,4000,10000)",
    )
    parser.add_argument(
        "--year",
        action="store_true",
        help="instead: a year of hourly runs on the run state and cache, sizes with and "
        "without retention (benchmarks/year.py)",
    )
    parser.add_argument("--days", type=int, default=365, help="days simulated by --year")
    parser.add_argument("--per-run", type=int, default=3, help="new articles a run, --year")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "SPEC"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    if args.worker:
        kind, spec = args.worker
        result = WORKERS[kind](json.loads(spec))
        print(RESULT_PREFIX + json.dumps(result), flush=True)
        return 0
    if args.year:
        from benchmarks import year

        return year.main(args.days, args.per_run, args.out, args.json)
    if args.scaling:
        from benchmarks import scaling

        return scaling.main(args.scaling_sizes or scaling.SIZES, args.out, args.json)
    settings = Settings(
        cache=args.cache,
        size=args.size,
        beams=args.beams,
        articles=args.articles or (QUICK_ARTICLES if args.quick else GENERATED_ARTICLES),
        per_article=args.per_article,
        sizes=args.sizes or (QUICK_SIZES if args.quick else SIZES),
        scale_beams=args.scale_beams,
        engines=args.engines,
        quick=args.quick,
        batch_tokens=args.batch_tokens,
    )

    def say(message: str) -> None:
        print(f"bench: {message}", file=sys.stderr, flush=True)

    report = run_benchmark(settings, say)
    text = markdown(report)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
