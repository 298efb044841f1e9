"""The driver's side of ``--ray``: connect, start model-holding actors, spread work, collect.

Ray core actors rather than Ray Data: the work units are the batches a local run would
plan (a translation batch, one article's summary), their results go straight back into
the driver's cache and digest in a known order, and an actor that dies is restarted by
Ray (its model reloaded) and its call retried; one that stays dead has its work handed
to the others.
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from summarize import __version__
from summarize.distributed import RayOptions, check_ray
from summarize.distributed.workers import (
    ModelSpec,
    ModelWorker,
    Plan,
    SummaryJob,
    TranslationJob,
    WorkerInfo,
    prompt_sources,
)
from summarize.errors import EngineUnavailable, ModelUnavailable
from summarize.runtime.environment import error_line
from summarize.wording import counted, form

if TYPE_CHECKING:
    from summarize.records import Article, Summary, Translation
    from summarize.runtime.models import ModelRef
    from summarize.summaries.options import AbstractiveOptions
    from summarize.summaries.stage import Outcome
    from summarize.translation.translate import Progress, TranslateOptions

log = logging.getLogger(__name__)

# A Ray head that does not accept a TCP connection within this is not there: Ray's own
# connect retries for minutes (309 s measured against a port where nothing listens),
# holding the output lock; a head across a WAN answers in well under a second.
CONNECT_PROBE_S = 5.0

# Ray restarts a dead actor (reloading its model) and retries its calls this many times.
MAX_RESTARTS = 2
# Calls queued per actor: the next batch waits at the actor while it runs the current
# one, so the actor never idles for a round trip to the driver; more would only make
# the end of a run uneven (longest batches go first).
IN_FLIGHT = 2


class WorkersLost(EngineUnavailable):
    """Every actor of a pool died and stayed dead."""


def connect(options: RayOptions, device: str = "cpu") -> RayCluster:
    """Join the cluster at ``options.address`` (``auto``: this machine's Ray, or a new local
    one with all its cores); a Ray this process already joined is used as it is. Workers
    that cannot fit the cluster (``device`` says whether each needs a GPU) are an error
    now, before any work."""
    check_ray()
    if options.workers is not None and options.workers < 1:
        raise ValueError("Ray workers must be at least 1")
    if options.cpus_per_worker < 1:
        raise ValueError("CPUs per Ray worker must be at least 1")
    import ray

    started = time.monotonic()
    owned = not ray.is_initialized()
    if owned:
        address = (
            None if options.address.strip().lower() in {"", "auto", "local"} else options.address
        )
        _probe(address or os.environ.get("RAY_ADDRESS", ""))
        try:
            ray.init(
                address=address,
                include_dashboard=False,
                log_to_driver=False,
                logging_level=logging.ERROR,
            )
        except (ConnectionError, RuntimeError, ValueError, TimeoutError) as error:
            raise EngineUnavailable(
                f"cannot join the Ray cluster at {options.address}: {error_line(error)}",
                setting="ray",
            ) from error
    cluster = RayCluster(options, owned=owned)
    try:
        cluster.workers(1 if _wants_gpu(device, cluster.gpus) else 0)
    except EngineUnavailable:
        cluster.close()
        raise
    cluster.connect_seconds = time.monotonic() - started
    log.info(
        "Ray: %s CPUs, %s GPUs, joined in %.1f s",
        cluster.cpus,
        cluster.gpus,
        cluster.connect_seconds,
    )
    return cluster


def _probe(address: str) -> None:
    """Fail within seconds when nothing listens at ``address`` (host:port or
    ray://host:port; for ``auto``, the RAY_ADDRESS Ray would use); an address of another
    shape, or none, is left for Ray to judge."""
    host, sep, port = address.split("://", 1)[-1].split("/", 1)[0].rpartition(":")
    if not sep or not port.isdigit() or not host:
        return
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_PROBE_S):
            pass
    except OSError as error:
        reason = "timed out" if isinstance(error, TimeoutError) else error.strerror or error
        raise EngineUnavailable(
            f"cannot join the Ray cluster at {address}: nothing answers at {host}:{port} "
            f"({reason} within {CONNECT_PROBE_S:g} s)",
            setting="ray",
        ) from error


class RayCluster:
    """A joined Ray cluster and this run's actors (started at the first model work, kept
    for every stage); ``close`` ends them, and the Ray it started."""

    def __init__(self, options: RayOptions, *, owned: bool) -> None:
        import ray

        self.options = options
        self.owned = owned
        resources = ray.cluster_resources()
        self.cpus = int(resources.get("CPU", 0))
        self.gpus = int(resources.get("GPU", 0))
        self.connect_seconds = 0.0
        self._pool: ActorPool | None = None

    def __enter__(self) -> RayCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def pool(self, *, device: str, offline: bool) -> ActorPool:
        """This run's actors, started (and checked) on first use; on a Ray this process
        joined rather than started, those an earlier run left, with their models."""
        if self._pool is None:
            import ray

            gpus_each = 1 if _wants_gpu(device, self.gpus) else 0
            count = self.workers(gpus_each)
            job = ray.get_runtime_context().get_job_id()
            key = (job, count, self.options.cpus_per_worker, gpus_each, offline)
            pool = None if self.owned else _KEPT.get(key)
            if pool is None:
                for other in _KEPT.values():  # their CPUs would keep the new actors waiting
                    other.close()
                _KEPT.clear()
                pool = ActorPool(count, self.options, gpus=gpus_each, offline=offline)
            pool.ready()
            if not self.owned:
                _KEPT[key] = pool
            self._pool = pool
        return self._pool

    def workers(self, gpus_each: int) -> int:
        cpus_each = self.options.cpus_per_worker
        fit = self.gpus if gpus_each else self.cpus // cpus_each
        if fit < 1:
            need = "a GPU" if gpus_each else f"{cpus_each} CPUs"
            raise EngineUnavailable(
                f"the Ray cluster has no room for one worker ({need} each)", setting="ray_cpus"
            )
        wanted = self.options.workers or fit
        if wanted > fit:
            raise EngineUnavailable(
                f"the Ray cluster has {counted(self.cpus, 'CPU')} and {counted(self.gpus, 'GPU')}: "
                f"{counted(wanted, 'worker')} of {counted(cpus_each, 'CPU')}"
                f"{' and 1 GPU' if gpus_each else ''} {form(wanted, 'does', 'do')} not fit",
                setting="ray_workers",
                suggestion=str(fit),
            )
        return wanted

    def translator(self, ref: ModelRef, options: TranslateOptions) -> RayTranslator:
        """A Translator whose model is loaded on every actor (an error loading it is raised
        here, as ``load_translator`` would raise it)."""
        pool = self.pool(device=options.device, offline=options.offline)
        job = TranslationJob(ModelSpec.of(ref), options)
        pool.broadcast("load_translator", job)
        return RayTranslator(pool, job, options.engine)

    def summarizer(self, options: AbstractiveOptions, key: str) -> RaySummarizer:
        """A summariser whose articles are summarised on the actors (started at its first
        batch); ``key`` is the driver's summary key, which every actor must share."""
        return RaySummarizer(self, options, key)

    def close(self) -> None:
        """End the run's actors and the Ray this run started; on a Ray the caller started,
        keep the actors for the caller's next run (``ray.shutdown()`` ends them)."""
        if self.owned:
            import ray

            started = time.monotonic()
            if self._pool is not None:
                self._pool.close()
            ray.shutdown()
            log.info("Ray: shut down in %.1f s", time.monotonic() - started)
        self._pool = None


# Actors kept between runs on a Ray the caller started: a service that briefs every few
# minutes from one process pays the actors' start and model loads once.
_KEPT: dict[tuple[object, ...], ActorPool] = {}


def kept_workers() -> list[WorkerInfo]:
    """The actors kept between runs by this process (for monitoring and tests)."""
    return [info for pool in _KEPT.values() for info in pool.infos]


def _wants_gpu(device: str, cluster_gpus: int) -> bool:
    name = (device or "cpu").strip().lower()
    if name.startswith("cuda"):
        if cluster_gpus < 1:
            raise EngineUnavailable(
                f"device {name}: the Ray cluster has no GPU", setting="device", suggestion="cpu"
            )
        return True
    return name == "auto" and cluster_gpus > 0


class ActorPool:
    """``count`` model-holding actors with the resources each needs; work is handed out
    as actors finish (longest first in, so the ends are even), never more than
    ``IN_FLIGHT`` calls waiting at one actor."""

    def __init__(self, count: int, options: RayOptions, *, gpus: int, offline: bool) -> None:
        import ray

        self.options = options
        env = {"OMP_NUM_THREADS": str(options.cpus_per_worker)}
        if offline:  # the driver's offline mode holds on every node
            env |= {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
        remote = ray.remote(ModelWorker).options(
            num_cpus=options.cpus_per_worker,
            num_gpus=gpus,
            max_restarts=MAX_RESTARTS,
            max_task_retries=MAX_RESTARTS,
        )
        self.actors: list[Any] = [remote.remote(env) for _ in range(count)]
        self.dead: set[int] = set()
        self.infos: list[WorkerInfo] = []

    def ready(self) -> None:
        """Wait for every actor (resources granted, process up) and check its ``brief``;
        an actor that stays dead is left out, all of them dead is an error."""
        import ray
        from ray.exceptions import GetTimeoutError, RayActorError

        started = time.monotonic()
        refs = {i: actor.hello.remote() for i, actor in self._live()}
        infos = []
        for index, ref in refs.items():
            left = max(1.0, self.options.ready_timeout - (time.monotonic() - started))
            try:
                infos.append(ray.get(ref, timeout=left))
            except GetTimeoutError:
                raise EngineUnavailable(
                    f"Ray workers not ready after {self.options.ready_timeout:.0f} s: "
                    "the cluster may lack the resources asked for"
                ) from None
            except RayActorError as error:
                log.warning("Ray worker %s could not start: %s", index, error_line(error))
                self.dead.add(index)
        if not infos:
            raise WorkersLost("no Ray worker could start")
        self.infos = infos
        log.info(
            "Ray: %s ready in %.1f s", counted(len(infos), "actor"), time.monotonic() - started
        )
        for info in infos:
            if info.version != __version__:
                raise EngineUnavailable(
                    f"Ray worker on {info.host} runs brief {info.version}, this machine "
                    f"{__version__}; install the same version on every node"
                )

    def broadcast(self, method: str, *args: Any) -> list[Any]:
        """The same call on every live actor (loading a model everywhere, dropping it);
        a worker's own error (a model that cannot load) is raised as it is."""
        import ray
        from ray.exceptions import RayActorError, RayTaskError

        started = time.monotonic()
        refs = {i: getattr(a, method).remote(*args) for i, a in self._live()}
        answers = []
        for index, ref in refs.items():
            try:
                answers.append(ray.get(ref))
            except RayTaskError as error:
                raise _cause(error) from None
            except RayActorError:
                log.warning("Ray worker %s died; its work goes to the others", index)
                self.dead.add(index)
        if not answers and refs:
            raise WorkersLost("every Ray worker died")
        log.info(
            "Ray: %s on %s in %.1f s",
            method,
            counted(len(refs), "actor"),
            time.monotonic() - started,
        )
        return answers

    def _live(self) -> list[tuple[int, Any]]:
        return [(i, a) for i, a in enumerate(self.actors) if i not in self.dead]

    def call(self, method: str, *args: Any) -> Any:
        """One call on any live actor; an actor dead for good hands it to the next."""
        import ray
        from ray.exceptions import RayActorError, RayTaskError

        for index, actor in enumerate(self.actors):
            if index in self.dead:
                continue
            try:
                return ray.get(getattr(actor, method).remote(*args))
            except RayTaskError as error:
                raise _cause(error) from None
            except RayActorError:
                log.warning("Ray worker %s died; its work goes to another", index)
                self.dead.add(index)
        raise WorkersLost("every Ray worker died")

    def map(
        self,
        method: str,
        items: Sequence[Any],
        done: Callable[[int, Any], None],
        *,
        stop_on_error: bool = False,
    ) -> None:
        """Call ``method`` with each of ``items`` (argument tuples) across the actors;
        ``done(i, result)`` as each finishes (``result`` is the exception for a call that
        raised). With ``stop_on_error`` the first error stops new calls and is raised once
        those under way are back."""
        import ray
        from ray.exceptions import RayActorError, RayTaskError

        queue = deque(range(len(items)))
        pending: dict[Any, tuple[int, int]] = {}
        load = [0] * len(self.actors)
        failure: BaseException | None = None
        while queue or pending:
            if failure is None:
                for index, actor in enumerate(self.actors):
                    while queue and index not in self.dead and load[index] < IN_FLIGHT:
                        item = queue.popleft()
                        ref = getattr(actor, method).remote(*items[item])
                        pending[ref] = (index, item)
                        load[index] += 1
            if not pending:
                if failure is None and queue:
                    raise WorkersLost("every Ray worker died")
                break
            finished, _ = ray.wait(list(pending), num_returns=1)
            for ref in finished:
                index, item = pending.pop(ref)
                load[index] -= 1
                try:
                    result = ray.get(ref)
                except RayActorError:
                    log.warning("Ray worker %s died; its work goes to another", index)
                    self.dead.add(index)
                    queue.appendleft(item)
                    continue
                except RayTaskError as error:
                    result = _cause(error)
                    if stop_on_error and failure is None:
                        failure = result
                        continue
                if failure is None:
                    done(item, result)
        if failure is not None:
            raise failure

    def close(self) -> None:
        import ray

        for actor in self.actors:
            with contextlib.suppress(Exception):  # already dead, or from an ended Ray
                ray.kill(actor)
        self.actors = []


def _cause(error: BaseException) -> BaseException:
    """The worker's own exception inside Ray's wrapper."""
    cause = getattr(error, "cause", None)
    return cause if isinstance(cause, BaseException) else error


class RayTranslator:
    """A Translator (``translate.Translator``) whose batches run on every actor: one actor
    plans them as a local run would, all run them, one assembles the result."""

    def __init__(self, pool: ActorPool, job: TranslationJob, engine: str) -> None:
        self.pool = pool
        self.job = job
        self.engine = engine

    def translate(
        self, texts: Sequence[str], progress: Progress | None = None
    ) -> list[Translation]:
        import ray

        started = time.monotonic()
        shared = ray.put(list(texts))  # sent to the object store once for both calls
        plan: Plan = self.pool.call("plan", self.job, shared)
        planned = time.monotonic()
        if progress and plan.blanks:
            progress(plan.blanks)
        outputs: list[list[str]] = [[] for _ in plan.batches]

        def finished(index: int, result: list[str]) -> None:
            outputs[index] = result
            if progress and plan.done[index]:
                progress(plan.done[index])

        batches = [(self.job, batch) for batch in plan.batches]
        self.pool.map("run", batches, finished, stop_on_error=True)
        ran = time.monotonic()
        results: list[Translation] = self.pool.call("assemble", self.job, shared, outputs)
        # the serial parts (one actor each) against the parallel one, for the benchmark
        log.info(
            "Ray: %s in %s: plan %.2f s, run %.2f s, assemble %.2f s",
            counted(len(texts), "text"),
            counted(len(plan.batches), "batch"),
            planned - started,
            ran - planned,
            time.monotonic() - ran,
        )
        return results


class RaySummarizer:
    """A batch summariser (``summaries.stage.BatchSummarizer``) whose articles are
    summarised on the actors by the local code (``summaries.stage.LocalSummarizer``);
    the cache stays at the driver, in the stage around it. Workers lost for good give
    the extractive summaries with a warning, as a model that fails does."""

    def __init__(self, cluster: RayCluster, options: AbstractiveOptions, key: str) -> None:
        self.cluster = cluster
        self.options = options
        self.key = key
        self.lost: WorkersLost | None = None
        self._job: tuple[ActorPool, SummaryJob] | None = None

    def summarize_batch(
        self, items: Sequence[tuple[Article, Summary]], done: Callable[[int, Outcome], None]
    ) -> None:
        finished: set[int] = set()

        def record(index: int, result: Outcome) -> None:
            finished.add(index)
            done(index, result)

        if self.lost is None:
            pool, job = self._start()
            try:
                pool.map("summarize", [(job, a, s) for a, s in items], record)
            except WorkersLost as error:
                self.lost = error
        if self.lost is not None:
            for index, (_, extractive) in enumerate(items):
                if index not in finished:
                    note = f"model summary failed ({self.lost}); extractive summary used"
                    extractive.warnings.append(note)
                    done(index, (extractive, False))

    def release(self) -> None:
        """Free the model on the actors: their memory goes to the translator next."""
        if self._job is not None and self.lost is None:
            pool, job = self._job
            pool.broadcast("drop", job)

    def _start(self) -> tuple[ActorPool, SummaryJob]:
        if self._job is None:
            from summarize.summaries.abstractive import inspect_model

            options = self.options
            spec = ModelSpec.of(inspect_model(options).ref)
            job = SummaryJob(spec, options, prompt_sources(options.prompts_dir))
            pool = self.cluster.pool(device=options.device, offline=options.offline)
            for key in pool.broadcast("summary_key", job):
                if key != self.key:
                    raise ModelUnavailable(
                        "a Ray worker would summarise with other settings than this machine "
                        f"({key} instead of {self.key}); install the same brief and models "
                        "on every node"
                    )
            self._job = pool, job
        return self._job
