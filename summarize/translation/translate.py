"""Translation's entry points: check an engine, load a model into it, name its outputs.

The pipeline (and the Ray runner) calls these; the engines themselves live in
``translation.engines`` and share :class:`summarize.translation.base.Engine`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarize.errors import EngineUnavailable
from summarize.runtime.environment import installed
from summarize.translation.base import (
    DECODING_SCHEME,
    Engine,
    Progress,
    TranslateOptions,
    Translator,
    read_model_settings,
)
from summarize.translation.engines import engine_classes

if TYPE_CHECKING:
    from summarize.runtime.models import ModelRef

# The public face of translation: what the pipeline and the Ray runner use.
__all__ = [
    "Progress",
    "TranslateOptions",
    "Translator",
    "batch_tokens",
    "check_engine",
    "compute_type",
    "decoding_key",
    "default_engine",
    "engine_class",
    "load_translator",
]

# The budget and compute type of an engine this build does not know (only reported).
_UNKNOWN_BATCH_TOKENS = 1024
_UNKNOWN_COMPUTE_TYPE = "default"


def engine_class(engine: str) -> type[Engine]:
    """The engine called ``engine``; EngineUnavailable lists the known ones."""
    engines = engine_classes()
    if engine not in engines:
        known = ", ".join(sorted(engines))
        raise EngineUnavailable(
            f"unknown engine {engine!r}; choose one of: {known}", setting="engine"
        )
    return engines[engine]


def default_engine() -> str:
    """ctranslate2 where it is installed (``benchmarks/bench.py`` measures it several times
    faster than transformers on a CPU, in half the memory), else transformers."""
    return "ctranslate2" if installed("ctranslate2") else "transformers"


def check_engine(engine: str) -> None:
    """Fail before any work if ``engine`` is unknown or cannot run on this machine."""
    engine_class(engine).probe()


def load_translator(ref: ModelRef, options: TranslateOptions) -> Translator:
    """Load ``ref`` into the engine ``options.engine`` names."""
    check_engine(options.engine)
    return engine_class(options.engine)(ref, options)


def compute_type(options: TranslateOptions) -> str:
    """The compute type an engine will really use for these options."""
    engines = engine_classes()
    if options.engine not in engines:
        return options.compute_type or _UNKNOWN_COMPUTE_TYPE
    return engines[options.engine].compute_type_for(options)


def batch_tokens(options: TranslateOptions) -> int:
    """The padded-token budget per batch: the one asked for, else the engine's own."""
    engines = engine_classes()
    if options.engine not in engines:
        return options.max_batch_tokens or _UNKNOWN_BATCH_TOKENS
    return engines[options.engine].batch_tokens_for(options)


def decoding_key(ref: ModelRef, options: TranslateOptions) -> str:
    """Everything that changes a translation, as one stable string (the cache key).

    Computed from the model folder's JSON files, so a rerun whose translations are all
    cached never loads the model, nor imports torch.
    """
    settings = read_model_settings(ref.path)
    beams = options.beams or settings.num_beams
    parts = [
        ref.identity,
        f"engine={options.engine}",
        f"beams={beams}",
        f"max_length={settings.max_length}",
        f"positions={settings.max_positions}",
        f"compute={compute_type(options)}",
        f"quantize={int(options.quantize)}",
        f"scheme={DECODING_SCHEME}",
    ]
    return "|".join(parts)
