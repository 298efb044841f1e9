"""Where a model runs: device choice, CPU threads, and a quiet transformers.

Shared by the translation engines and the summarisers, so that "cpu", "cuda", "cuda:1"
and "auto" mean the same everywhere and every engine reports a missing GPU the same way.
Nothing here imports torch or transformers until a function that needs them is called.
"""

from __future__ import annotations

import importlib.util
import os
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from summarize.errors import BriefError, EngineUnavailable

DEVICE_KINDS = ("cpu", "cuda")


def installed(package: str) -> bool:
    """Whether ``package`` can be imported, found without importing it (ctranslate2 takes
    0.3 s to import, torch several), so a cached rerun stays fast."""
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):  # a blocked or half-imported package
        return False


def require(package: str, message: str, **facts: str) -> None:
    """EngineUnavailable(``message``, ``facts``) unless ``package`` is installed."""
    if not installed(package):
        raise EngineUnavailable(message, **facts)


def usable_cpus() -> int:
    """CPUs this process may run on: a container's affinity, not the host's core count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def thread_budget() -> int:
    """Threads an engine may use: the usable CPUs, capped by OMP_NUM_THREADS when the user
    (or a Ray actor sized with --ray-cpus) set it, the convention torch already follows."""
    cpus = usable_cpus()
    try:
        wanted = int(os.environ.get("OMP_NUM_THREADS", ""))
    except ValueError:
        return cpus
    return min(cpus, wanted) if wanted > 0 else cpus


def parse_device(
    name: str | None, cuda_devices: Callable[[], int], runtime: str
) -> tuple[str, int]:
    """``(kind, index)`` for a device name: cpu, cuda, cuda:N or auto (CUDA when
    ``cuda_devices()`` finds one). ``runtime`` names who looks ("torch", "ctranslate2")
    in the error when CUDA is asked for and absent."""
    name = (name or "cpu").strip().lower()
    if name == "auto":
        return ("cuda", 0) if cuda_devices() > 0 else ("cpu", 0)
    kind, _, index = name.partition(":")
    if kind not in DEVICE_KINDS or (index and not index.isdigit()) or (kind == "cpu" and index):
        raise EngineUnavailable(
            f"device {name!r} is not one of cpu, cuda, cuda:N or auto",
            setting="device",
        )
    if kind == "cuda" and cuda_devices() == 0:
        raise EngineUnavailable(
            f"device {name}: {runtime} sees no CUDA device here", setting="device", suggestion="cpu"
        )
    return kind, int(index or 0)


def torch_device(name: str | None) -> Any:
    """The ``torch.device`` a device name means on this machine: cpu, cuda, cuda:N, auto,
    or any other device torch knows ("mps")."""
    import torch

    def count() -> int:
        return torch.cuda.device_count() if torch.cuda.is_available() else 0

    name = (name or "cpu").strip().lower()
    if name == "auto" or name.partition(":")[0] in DEVICE_KINDS:
        kind, index = parse_device(name, count, "torch")
        return torch.device(kind, index) if ":" in name else torch.device(kind)
    try:
        return torch.device(name)
    except RuntimeError as error:
        raise EngineUnavailable(
            f"device {name!r}: {one_line(error)}", setting="device", suggestion="cpu"
        ) from error


def use_all_cpus() -> None:
    """Give torch every CPU this process may use, unless the user chose (OMP_NUM_THREADS)."""
    import torch

    if "OMP_NUM_THREADS" not in os.environ:
        torch.set_num_threads(usable_cpus())


def silence_transformers() -> None:
    """The CLI owns the terminal: no transformers warnings, no progress bars."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


@contextmanager
def quiet_loading() -> Iterator[None]:
    """Loading a model or tokenizer: no warnings. MarianTokenizer recommends sacremoses for
    punctuation normalisation; opus-mt was trained on text it had normalised, and it
    translates news prose fine without it. torch deprecates its dynamic quantisation API
    in favour of torchao."""
    silence_transformers()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


def env_flag(*names: str) -> bool:
    """Any of the environment variables ``names`` is set to a true value (1, true, yes,
    on), the way the Hugging Face libraries read their switches."""
    return any(os.environ.get(name, "").strip().lower() in _TRUE for name in names)


_TRUE = frozenset({"1", "true", "yes", "on"})


def one_line(error: BaseException, limit: int = 160) -> str:
    """An exception's text on one line (its type when it has none), cut at ``limit``
    characters: what a message quotes of a library's error."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 3] + "..."


def error_line(error: BaseException) -> str:
    """An error on one line as a failure says it: one of ours (BriefError) by its first
    line; any other, unexpected, by its type, then the first line of its text."""
    text = str(error).strip().splitlines()
    if isinstance(error, BriefError) and text:
        return text[0]
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__
