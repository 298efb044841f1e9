"""Running the model work of a run on a Ray cluster (``--ray``), past what one machine does.

What stays at the driver (the process that calls ``pipeline.run``): reading, cleaning,
segmenting and key-point selection (cheap per article), the translation cache (consulted
before anything is sent out, filled with what comes back), the lock and every output
file. What goes to Ray actors, each loading its model once from its own Hugging Face
cache: translation batches and model summaries. Batches are planned exactly as a local
run plans them, so ``digest.json`` is the same as a local run's but for timings.

Nothing here imports Ray until a run asks for it: Ray is an optional extra.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass

from summarize.errors import EngineUnavailable

# Said by the CLI and the README alike; the distribution name is the one in pyproject.toml.
RAY_INSTALL = "pip install 'brief-news[ray]'"

# How long actors may take to get their resources and load their model before the run
# gives up on the cluster (a model pulled on first use may take minutes).
DEFAULT_READY_TIMEOUT_S = 900.0


@dataclass(frozen=True)
class RayOptions:
    """Where the cluster is and how many model-holding actors a run starts on it.

    ``address`` is ``"auto"`` for the Ray this machine runs (started with ``ray start``,
    or else a local one started for the run with all its cores), or a cluster address
    (``ray://head:10001``, ``head:6379``). ``workers`` None: as many as the cluster's CPUs
    (GPUs when the device is cuda) allow at ``cpus_per_worker`` threads each.
    """

    address: str = "auto"
    workers: int | None = None
    cpus_per_worker: int = 1
    ready_timeout: float = DEFAULT_READY_TIMEOUT_S


def ray_installed() -> bool:
    """Ray is importable here; found without importing it (importing Ray costs ~1 s)."""
    try:
        return importlib.util.find_spec("ray") is not None
    except (ImportError, ValueError):
        return False


def check_ray() -> None:
    """Fail before any work when Ray is not installed."""
    if not ray_installed():
        raise EngineUnavailable(f"Ray is not installed (an optional extra): {RAY_INSTALL}")
