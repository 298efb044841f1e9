"""What runs inside the Ray actors: one model each, loaded once, from the node's own files.

Plain classes, importable without Ray (``summarize.distributed.cluster`` turns them into
actors). Models are never shipped through Ray's object store: an actor is told which
model (hub id and commit, or a folder path) and resolves it in the Hugging Face cache of
the node it runs on (a shared ``HF_HOME`` or the node's own pull), honouring offline
mode there too, and refuses to work when what it finds is not what the driver found.
"""

from __future__ import annotations

import logging
import os
import socket
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarize import __version__
from summarize.errors import BriefError, ModelUnavailable

if TYPE_CHECKING:
    from summarize.records import Article, Translation
    from summarize.runtime.models import ModelRef
    from summarize.summaries.abstractive import AbstractiveOptions
    from summarize.summaries.extractive import Summary
    from summarize.translation.translate import TranslateOptions, Translator

log = logging.getLogger(__name__)


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


class TranslationWorker:
    """One translation engine. ``plan`` and ``assemble`` run the engine's own
    ``translate()`` (splitting, length batching, joining, checks: exactly the local
    code) with the bare batch call redirected, so that the batches themselves can be
    spread over every worker in between by ``run``."""

    def __init__(self, spec: ModelSpec, options: TranslateOptions) -> None:
        self.spec = spec
        self.options = options
        self._translator: Translator | None = None

    def load(self) -> WorkerInfo:
        self._engine()
        return worker_info()

    def plan(self, texts: Sequence[str]) -> Plan:
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

        with _batch_call(self._engine(), record) as translator:
            translator.translate(texts, progress)
        return plan

    def run(self, batch: list[str]) -> list[str]:
        return list(self._engine().translate_batch(batch))

    def assemble(self, texts: Sequence[str], outputs: list[list[str]]) -> list[Translation]:
        answers = iter(outputs)

        def replay(batch: list[str]) -> list[str]:
            answer = next(answers)
            if len(answer) != len(batch):
                raise RuntimeError("a translated batch does not match the planned one")
            return answer

        with _batch_call(self._engine(), replay) as translator:
            return translator.translate(texts)

    def _engine(self) -> Translator:
        if self._translator is None:
            from summarize.translation.translate import load_translator

            offline = self.options.offline
            ref = resolve_on_worker(self.spec, offline=offline, cache_dir=self.options.hf_cache_dir)
            self._translator = load_translator(ref, self.options)
        return self._translator


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


class SummaryWorker:
    """One model summariser behind the pipeline's own summary code (same fallbacks and
    warnings as a local run); the cache stays at the driver."""

    def __init__(self, spec: ModelSpec, options: AbstractiveOptions, prompts: dict[str, str]):
        self.spec = spec
        self.options = options
        self.prompts = prompts
        self._stage: Any = None

    def load(self) -> tuple[WorkerInfo, str]:
        """Resolve the model and prompts here (JSON only; the weights load with the first
        summary, inside the fallback, as locally) and return this node's cache key."""
        return worker_info(), self._summaries().key

    def summarize(self, article: Article, extractive: Summary) -> tuple[Summary, bool]:
        return self._summaries().compute(article, extractive)

    def _summaries(self) -> Any:
        if self._stage is None:
            from dataclasses import replace

            from summarize.pipeline import _SummaryStage
            from summarize.summaries.abstractive import check_summarizer

            resolve_on_worker(
                self.spec, offline=self.options.offline, cache_dir=self.options.hf_cache_dir
            )
            folder = Path(tempfile.mkdtemp(prefix="brief-prompts-")) if self.prompts else None
            for name, text in self.prompts.items():
                (folder / name).write_text(text, encoding="utf-8")  # type: ignore[operator]
            options = replace(
                self.options,
                model=self.spec.name,
                revision=self.spec.revision,
                prompts_dir=folder,
            )
            self._stage = _SummaryStage(options, check_summarizer(options), None)
        return self._stage


def prompt_sources(prompts_dir: Path | None) -> dict[str, str]:
    """The summary templates a local run would use, by name, to write on each worker."""
    from summarize.summaries.abstractive import PROMPT_TEMPLATES, load_prompts

    prompts = load_prompts(prompts_dir)
    env = prompts.env
    sources = {}
    for name in PROMPT_TEMPLATES:
        source, _, _ = env.loader.get_source(env, name)
        sources[name] = source
    return sources


def one_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    if isinstance(error, BriefError) and text:
        return text[0]
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
