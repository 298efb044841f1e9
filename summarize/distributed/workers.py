"""What runs inside the Ray actors: models loaded once per actor, from the node's own files.

Plain classes, importable without Ray (``summarize.distributed.cluster`` turns them into
actors). Models are never shipped through Ray's object store: an actor is told which
model (hub id and commit, or a folder path) and resolves it in the Hugging Face cache of
the node it runs on (a shared ``HF_HOME`` or the node's own pull), honouring offline
mode there too, and refuses to work when what it finds is not what the driver found.
"""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarize import __version__
from summarize.errors import ModelUnavailable

if TYPE_CHECKING:
    from summarize.records import Article, Summary, Translation
    from summarize.runtime.models import ModelRef
    from summarize.summaries.abstractive import AbstractiveOptions
    from summarize.summaries.stage import LocalSummarizer
    from summarize.translation.translate import TranslateOptions, Translator


@dataclass(frozen=True)
class ModelSpec:
    """How a worker finds the driver's model: never a driver path for hub models, since
    each node has its own cache; ``identity`` is what it must find there."""

    name: str
    revision: str | None
    identity: str

    @classmethod
    def of(cls, ref: ModelRef) -> ModelSpec:
        if ref.identity.startswith("hub:"):
            # the snapshot folder is named by its commit: the worker resolves that commit
            return cls(ref.name, ref.path.name, ref.identity)
        return cls(str(ref.path), None, ref.identity)


@dataclass(frozen=True)
class WorkerInfo:
    """Who answered, so the driver can refuse a node with another ``brief``."""

    host: str
    pid: int
    version: str
    threads: str | None


@dataclass
class Plan:
    """The batches a local ``translate()`` would run for a list of texts, in its order.

    ``done[i]`` is how many input texts are finished once batch ``i`` is (progress);
    ``blanks`` are finished before any batch.
    """

    batches: list[list[str]] = field(default_factory=list)
    done: list[int] = field(default_factory=list)
    blanks: int = 0


def worker_info() -> WorkerInfo:
    return WorkerInfo(
        socket.gethostname(), os.getpid(), __version__, os.environ.get("OMP_NUM_THREADS")
    )


def resolve_on_worker(spec: ModelSpec, *, offline: bool, cache_dir: str | Path | None) -> ModelRef:
    """The driver's model in this node's files, or ModelUnavailable saying what differs."""
    from summarize.runtime.models import resolve_model

    ref = resolve_model(spec.name, revision=spec.revision, offline=offline, cache_dir=cache_dir)
    if ref.identity != spec.identity:
        raise ModelUnavailable(
            f"node {socket.gethostname()} has model {spec.name} as {ref.identity}, the driver "
            f"as {spec.identity}; give every node the same files (a shared HF_HOME, or "
            "`brief models pull` of the same revision on each)"
        )
    return ref


@dataclass(frozen=True)
class TranslationJob:
    """What a worker needs to translate as the driver would: the model and the options."""

    spec: ModelSpec
    options: TranslateOptions


@dataclass(frozen=True)
class SummaryJob:
    """What a worker needs to summarise as the driver would, prompt templates included
    (sent as text: a user's ``--prompts`` folder exists on the driver only)."""

    spec: ModelSpec
    options: AbstractiveOptions
    prompts: tuple[tuple[str, str], ...]


class ModelWorker:
    """A Ray actor's state: the models of the jobs it was given, each loaded once.

    Every call names its job, so an actor that Ray restarts after a crash (a new process,
    nothing loaded) loads again what a retried call needs. Translation: ``plan`` and
    ``assemble`` run the engine's own ``translate()`` (splitting, length batching,
    joining, checks: exactly the local code) with the bare batch call redirected, so that
    the batches in between can be spread over every actor by ``run``. Summaries: the
    local summariser (``summaries.stage.LocalSummarizer``: same fallbacks and warnings as
    a local run), without the cache, which stays at the driver.
    """

    def __init__(self, env: dict[str, str]) -> None:
        """``env``: thread count and offline mode, set before any model library is imported
        (a Ray ``runtime_env`` would do the same but costs a fresh worker process each)."""
        import sys

        os.environ.update(env)
        if "torch" in sys.modules and "OMP_NUM_THREADS" in env:
            sys.modules["torch"].set_num_threads(int(env["OMP_NUM_THREADS"]))
        self._models: dict[object, Any] = {}

    def hello(self) -> WorkerInfo:
        return worker_info()

    def drop(self, job: object) -> None:
        """Free a job's model (the summariser before the translator loads)."""
        self._models.pop(job, None)
        import gc

        gc.collect()

    # translation ---------------------------------------------------------------------------

    def load_translator(self, job: TranslationJob) -> None:
        self._translator(job)

    def plan(self, job: TranslationJob, texts: Sequence[str]) -> Plan:
        plan = Plan()

        def record(batch: list[str]) -> list[str]:
            plan.batches.append(list(batch))
            plan.done.append(0)
            return [""] * len(batch)

        def progress(n: int) -> None:
            if plan.done:
                plan.done[-1] += n
            else:
                plan.blanks += n

        with _batch_call(self._translator(job), record) as translator:
            translator.translate(texts, progress)
        return plan

    def run(self, job: TranslationJob, batch: list[str]) -> list[str]:
        return list(self._translator(job).translate_batch(batch))

    def assemble(
        self, job: TranslationJob, texts: Sequence[str], outputs: list[list[str]]
    ) -> list[Translation]:
        answers = iter(outputs)

        def replay(batch: list[str]) -> list[str]:
            answer = next(answers)
            if len(answer) != len(batch):
                raise RuntimeError("a translated batch does not match the planned one")
            return answer

        with _batch_call(self._translator(job), replay) as translator:
            return translator.translate(texts)

    def _translator(self, job: TranslationJob) -> Translator:
        if job not in self._models:
            from summarize.translation.translate import load_translator

            options = job.options
            ref = resolve_on_worker(
                job.spec, offline=options.offline, cache_dir=options.hf_cache_dir
            )
            self._models[job] = load_translator(ref, options)
        return self._models[job]

    # summaries -----------------------------------------------------------------------------

    def summary_key(self, job: SummaryJob) -> str:
        """This node's cache key for the job (JSON files only; the weights load with the
        first summary, inside the fallback, as locally)."""
        from summarize.summaries.abstractive import check_summarizer

        return check_summarizer(self._summaries(job).options)

    def summarize(
        self, job: SummaryJob, article: Article, extractive: Summary
    ) -> tuple[Summary, bool]:
        return self._summaries(job).compute(article, extractive)

    def _summaries(self, job: SummaryJob) -> LocalSummarizer:
        if job not in self._models:
            from dataclasses import replace

            from summarize.summaries.stage import LocalSummarizer

            options = job.options
            resolve_on_worker(job.spec, offline=options.offline, cache_dir=options.hf_cache_dir)
            folder = Path(tempfile.mkdtemp(prefix="brief-prompts-"))
            for name, text in job.prompts:
                (folder / name).write_text(text, encoding="utf-8")
            options = replace(
                options, model=job.spec.name, revision=job.spec.revision, prompts_dir=folder
            )
            self._models[job] = LocalSummarizer(options)
        return self._models[job]  # type: ignore[no-any-return]


@contextmanager
def _batch_call(translator: Translator, call: Any) -> Iterator[Translator]:
    """The engine with its bare batch call (``translate_batch``) replaced for a while."""
    if not callable(getattr(translator, "translate_batch", None)):
        raise RuntimeError(f"engine {translator.engine} has no translate_batch to distribute")
    translator.translate_batch = call  # type: ignore[attr-defined]
    try:
        yield translator
    finally:
        del translator.translate_batch  # type: ignore[attr-defined]


def prompt_sources(prompts_dir: Path | None) -> tuple[tuple[str, str], ...]:
    """The summary templates a local run would use, by name, to write on each worker."""
    from summarize.summaries.abstractive import PROMPT_TEMPLATES, load_prompts

    prompts = load_prompts(prompts_dir)
    env = prompts.env
    return tuple((name, env.loader.get_source(env, name)[0]) for name in PROMPT_TEMPLATES)
