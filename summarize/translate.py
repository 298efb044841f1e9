"""Sentence-level translation: the engine-independent part (options, results, batching)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class TranslateOptions:
    """Decoding and placement settings shared by every engine."""

    lang: str = "en"
    model: str | None = None
    revision: str | None = None
    engine: str = "transformers"
    device: str = "cpu"
    beams: int | None = None
    offline: bool = False
    hf_cache_dir: str | None = None
    max_batch_tokens: int = 4096
    compute_type: str | None = None
    quantize: bool = False


@dataclass(frozen=True)
class Translation:
    """One source text and its translation, with any quality warnings."""

    source: str
    text: str
    warnings: tuple[str, ...] = ()


Progress = Callable[[int], None]


class Translator(Protocol):
    """What the pipeline needs of an engine."""

    engine: str

    def translate(
        self, texts: Sequence[str], progress: Progress | None = None
    ) -> list[Translation]: ...
