"""Sentence-level translation: the engine-independent part (options, results, batching).

Engines (``translation.marian`` for transformers, ``translation.ct2`` for CTranslate2) only
turn a batch of strings into a batch of strings. Everything that decides *what* goes into
a batch lives here and is shared: splitting sentences too long for the model so that
nothing is ever truncated, grouping by length under a token budget, putting results back
in input order, progress, and the cache key that says which settings produced a
translation.
"""

from __future__ import annotations

import importlib.util
import json
import logging
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from summarize.errors import EngineUnavailable
from summarize.translation.checks import translation_warnings

if TYPE_CHECKING:
    from summarize.runtime.models import ModelRef

logger = logging.getLogger(__name__)

T = TypeVar("T")


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
    max_batch_tokens: int | None = None  # None: the engine's own tuned budget
    compute_type: str | None = None
    quantize: bool = False


@dataclass(frozen=True)
class Translation:
    """One source text and its translation, with any quality warnings."""

    source: str
    text: str
    warnings: tuple[str, ...] = ()


# Called after each batch with how many more input texts are finished; the calls of one
# ``translate`` add up to ``len(texts)``.
Progress = Callable[[int], None]


class Translator(Protocol):
    """What the pipeline needs of an engine."""

    engine: str

    def translate(
        self, texts: Sequence[str], progress: Progress | None = None
    ) -> list[Translation]: ...


# --- output length budget -------------------------------------------------------------

# Opus-MT outputs run at 0.8-1.2x the source length in pieces for the European pairs it
# covers; 1.5x + 10 leaves room for the longest of them and for very short inputs, and
# still stops a degenerate loop early instead of at the model's 512-token maximum.
NEW_TOKENS_RATIO = 1.5
NEW_TOKENS_EXTRA = 10
DEFAULT_MAX_POSITIONS = 512
# Texts per batch at most, whatever the token budget: beyond ~64 sentences a CPU batch
# gets no faster per sentence, and a bad batch costs less to retry.
MAX_BATCH_SIZE = 64
# Padded source tokens per batch (longest x count) when none is asked for. A batch decodes
# until its longest output is done, and on a CPU more rows stop paying beyond a few dozen:
# smaller, more even batches win. Measured with benchmarks.bench (full-size model, beam 4,
# 2 CPUs, 8 generated articles = 56 sentences): transformers 4096 -> 78 s and 2,338 MB,
# 1024 -> 49-56 s and 1,300 MB, 512 -> 60 s, 256 -> 91 s; ctranslate2 4096 -> 30 s and
# 1,035 MB, 1024 -> 20 s, 512 -> 14 s and 337 MB, 256 -> 15 s.
DEFAULT_BATCH_TOKENS = {"transformers": 1024, "ctranslate2": 512}
# Bumped when splitting, joining or length budgeting changes, since that changes output.
# 2: per-engine batch budgets regroup sentences, and a batch's output budget follows its
# longest source.
DECODING_SCHEME = 2
# compute type each engine runs at when --compute-type is not given; CTranslate2 on a GPU
# runs int8 weights with float16 activations, its fastest type there.
DEFAULT_COMPUTE_TYPES = {"transformers": "float32", "ctranslate2": "int8"}
CT2_CUDA_COMPUTE_TYPE = "int8_float16"
CT2_MISSING = (
    "engine ctranslate2 is not installed; pip install 'brief[fast]' (or pip install "
    "ctranslate2), or use --engine transformers"
)


def max_new_tokens(source_tokens: int, max_positions: int = DEFAULT_MAX_POSITIONS) -> int:
    """How long an output may grow for a source of ``source_tokens`` pieces."""
    budget = math.ceil(NEW_TOKENS_RATIO * source_tokens) + NEW_TOKENS_EXTRA
    return max(1, min(budget, max_positions - 1))


def input_token_limit(max_positions: int = DEFAULT_MAX_POSITIONS) -> int:
    """The longest source, in pieces before ``</s>``, that gets its full output budget.

    Longer sentences are split. Splitting at the model's 512 positions only would avoid
    cutting the input but could still cut the output, whose budget is capped by the same
    512 positions: 333 pieces is the largest source whose 1.5x + 10 budget still fits.
    """
    return max(8, math.floor((max_positions - 1 - NEW_TOKENS_EXTRA) / NEW_TOKENS_RATIO) - 1)


# --- model settings read without torch ------------------------------------------------


@dataclass(frozen=True)
class ModelSettings:
    """What decoding needs to know from a model folder, read from its JSON files."""

    num_beams: int
    max_length: int | None
    max_positions: int
    # The model forces ``</s>`` as the last token a length budget allows (opus-mt does).
    forced_eos: bool = False


def read_model_settings(folder: Path) -> ModelSettings:
    """Beams and lengths as transformers would apply them: generation_config.json first,
    then the legacy copies in config.json, then transformers' own defaults."""
    config = _read_json(folder / "config.json")
    generation = _read_json(folder / "generation_config.json")

    def pick(key: str) -> object:
        return generation.get(key, config.get(key))

    beams = pick("num_beams")
    max_length = pick("max_length")
    positions = config.get("max_position_embeddings", DEFAULT_MAX_POSITIONS)
    return ModelSettings(
        num_beams=int(beams) if isinstance(beams, int) and beams > 0 else 1,
        max_length=int(max_length) if isinstance(max_length, int) else None,
        max_positions=int(positions) if isinstance(positions, int) else DEFAULT_MAX_POSITIONS,
        forced_eos=isinstance(pick("forced_eos_token_id"), int),
    )


def _read_json(path: Path) -> dict[str, object]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        logger.warning("cannot read %s: %s", path, error)
        return {}
    return data if isinstance(data, dict) else {}


def compute_type(options: TranslateOptions) -> str:
    """The compute type an engine will really use for these options."""
    if options.compute_type:
        return options.compute_type
    if options.engine == "ctranslate2" and _ct2_on_cuda(options.device):
        return CT2_CUDA_COMPUTE_TYPE
    return DEFAULT_COMPUTE_TYPES.get(options.engine, "default")


def batch_tokens(options: TranslateOptions) -> int:
    """The padded-token budget per batch: the one asked for, else the engine's own."""
    return options.max_batch_tokens or DEFAULT_BATCH_TOKENS.get(options.engine, 1024)


def _ct2_on_cuda(device: str) -> bool:
    name = (device or "cpu").strip().lower()
    if name != "auto":
        return name.startswith("cuda")
    try:
        import ctranslate2
    except ImportError:
        return False
    return ctranslate2.get_cuda_device_count() > 0


def usable_cpus() -> int:
    """CPUs this process may run on: a container's affinity, not the host's core count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


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


# --- engines ----------------------------------------------------------------------------


def _load_transformers(ref: ModelRef, options: TranslateOptions) -> Translator:
    from summarize.translation.marian import TransformersTranslator

    return TransformersTranslator(ref, options)


def _probe_transformers() -> None:
    for package in ("torch", "transformers", "sentencepiece"):
        if not _installed(package):
            raise EngineUnavailable(
                f"engine transformers needs the {package} package; pip install {package}"
            )


def _load_ctranslate2(ref: ModelRef, options: TranslateOptions) -> Translator:
    from summarize.translation.ct2 import CTranslate2Translator

    return CTranslate2Translator(ref, options)


def _probe_ctranslate2() -> None:
    """Finds the package without importing it (0.3 s), so a cached rerun stays fast."""
    if not _installed("ctranslate2"):
        raise EngineUnavailable(CT2_MISSING)
    if not _installed("sentencepiece"):
        raise EngineUnavailable(
            "engine ctranslate2 needs the sentencepiece package; pip install sentencepiece"
        )


def _installed(package: str) -> bool:
    try:
        return importlib.util.find_spec(package) is not None
    except (ImportError, ValueError):  # a blocked or half-imported package
        return False


# name -> (check that it can run here, cheap; load a model into it). Add engines here.
ENGINES: dict[str, tuple[Callable[[], None], Callable[[ModelRef, TranslateOptions], Translator]]]
ENGINES = {
    "transformers": (_probe_transformers, _load_transformers),
    "ctranslate2": (_probe_ctranslate2, _load_ctranslate2),
}


def default_engine() -> str:
    """ctranslate2 where it is installed (``python -m benchmarks.bench`` measures it several
    times faster than transformers on a CPU, in half the memory), else transformers."""
    return "ctranslate2" if _installed("ctranslate2") else "transformers"


def check_engine(engine: str) -> None:
    """Fail before any work if ``engine`` is unknown or cannot run on this machine."""
    if engine not in ENGINES:
        known = ", ".join(sorted(ENGINES))
        raise EngineUnavailable(f"unknown engine {engine!r}; choose one of: {known}")
    probe, _ = ENGINES[engine]
    probe()


def load_translator(ref: ModelRef, options: TranslateOptions) -> Translator:
    """Load ``ref`` into the engine ``options.engine`` names."""
    check_engine(options.engine)
    _, load = ENGINES[options.engine]
    return load(ref, options)


# --- splitting what is too long ---------------------------------------------------------

# Cut points, strongest first. Each pattern matches the whitespace a cut removes; the
# punctuation stays with the left part, a dash or a conjunction opens the right part.
_CONJUNCTIONS = (
    "e|ed|ma|o|od|oppure|però|mentre|perché|poiché|quindi|dunque|infatti|sebbene|benché"
    "|anche se|che|cui|dove|quando|se|and|but|or|while|because|which|that"
)
_CUT_LEVELS: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<=[;:])\s+"),
    re.compile(r"\s+(?=[—–]\s)"),
    re.compile(r"(?<=,)\s+"),
    re.compile(rf"\s+(?=(?:{_CONJUNCTIONS})\s)", re.IGNORECASE),
    re.compile(r"\s+"),
)


def split_long(text: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Cut ``text`` into parts of at most ``limit`` tokens, at clause boundaries when it has
    them, at words when not, at characters for a single giant word. Short text comes back
    whole; parts keep every character but the whitespace at the cuts."""
    if limit < 1:
        raise ValueError("limit must be at least 1 token")
    text = text.strip()
    if not text:
        return []
    return [part for part in _split(text, count_tokens, limit, 0) if part]


def _split(text: str, count: Callable[[str], int], limit: int, level: int) -> list[str]:
    if count(text) <= limit:
        return [text]
    for depth in range(level, len(_CUT_LEVELS)):
        pieces = [p for p in _CUT_LEVELS[depth].split(text) if p]
        if len(pieces) > 1:
            return _pack(pieces, count, limit, depth + 1)
    middle = len(text) // 2  # one word longer than the limit: cut it in halves
    if middle == 0:
        return [text]
    left, right = text[:middle], text[middle:]
    return _split(left, count, limit, level) + _split(right, count, limit, level)


def _pack(pieces: list[str], count: Callable[[str], int], limit: int, level: int) -> list[str]:
    """Join neighbouring pieces back while they fit, so parts keep as much context as the
    model can take; split further the pieces that are too long on their own."""
    parts: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current} {piece}" if current else piece
        if count(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        if count(piece) <= limit:
            current = piece
        else:
            parts.extend(_split(piece, count, limit, level))
            current = ""
    if current:
        parts.append(current)
    return parts


def join_parts(translations: Sequence[str]) -> str:
    """The translation of a split sentence: its parts' translations, in order."""
    return " ".join(t.strip() for t in translations if t.strip())


# --- batching ---------------------------------------------------------------------------


def length_batches(
    items: Sequence[T],
    lengths: Sequence[int],
    max_batch_tokens: int,
    max_batch_size: int = MAX_BATCH_SIZE,
) -> list[list[int]]:
    """Index groups of similar length whose padded size (longest x count) fits the budget.

    Longest first, so a batch that cannot fit memory fails at once rather than at the
    end. An item longer than the budget still gets a batch of its own.
    """
    if len(items) != len(lengths):
        raise ValueError("items and lengths differ in number")
    order = sorted(range(len(items)), key=lambda i: (-lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    longest = 0
    for index in order:
        size = max(1, lengths[index])
        widest = max(longest, size)
        full = widest * (len(current) + 1) > max_batch_tokens or len(current) >= max_batch_size
        if current and full:
            batches.append(current)
            current, widest = [], size
        current.append(index)
        longest = widest
    if current:
        batches.append(current)
    return batches


def translate_texts(
    texts: Sequence[str],
    *,
    translate_batch: Callable[[list[str]], list[str]],
    count_tokens: Callable[[str], int],
    limit: int,
    max_batch_tokens: int,
    max_batch_size: int = MAX_BATCH_SIZE,
    progress: Progress | None = None,
) -> list[Translation]:
    """The batching loop every engine shares: one Translation per text, in input order.

    Blank texts come back as they are without reaching the model; a text given twice is
    translated once; a text too long for the model is split, its parts translated with
    the rest, and their translations joined.
    """
    counts: dict[str, int] = {}

    def counted(text: str) -> int:
        if text not in counts:
            counts[text] = count_tokens(text)
        return counts[text]

    multiplicity: dict[str, int] = {}
    for text in texts:
        if text.strip():
            multiplicity[text] = multiplicity.get(text, 0) + 1
    blanks = len(texts) - sum(multiplicity.values())
    if progress and blanks:
        progress(blanks)

    unique = list(multiplicity)
    owners: list[int] = []  # part index -> unique text index
    parts: list[str] = []
    for owner, text in enumerate(unique):
        for part in split_long(text, counted, limit):
            owners.append(owner)
            parts.append(part)
    remaining = [0] * len(unique)
    for owner in owners:
        remaining[owner] += 1

    outputs: list[str | None] = [None] * len(parts)
    lengths = [counted(part) for part in parts]
    for batch in length_batches(parts, lengths, max_batch_tokens, max_batch_size):
        results = translate_batch([parts[i] for i in batch])
        if len(results) != len(batch):
            raise RuntimeError(f"engine returned {len(results)} results for {len(batch)} texts")
        finished = 0
        for index, result in zip(batch, results, strict=True):
            outputs[index] = result
            owner = owners[index]
            remaining[owner] -= 1
            if remaining[owner] == 0:
                finished += multiplicity[unique[owner]]
        if progress and finished:
            progress(finished)

    pieces: list[list[str]] = [[] for _ in unique]
    for owner, output in zip(owners, outputs, strict=True):
        pieces[owner].append(output or "")
    done: dict[str, Translation] = {}
    for text, translated in zip(unique, pieces, strict=True):
        target = join_parts(translated)
        warnings = translation_warnings(text, target)
        if len(translated) > 1:
            warnings = (
                f"sentence too long for the model: translated in {len(translated)} parts",
                *warnings,
            )
        done[text] = Translation(source=text, text=target, warnings=warnings)
    return [done.get(text) or Translation(source=text, text=text) for text in texts]
