"""What every translation engine shares: options, length budgets, batching, the engine base.

An engine (one module in ``translation.engines``) implements two things: its batch call
(:meth:`Engine.translate_batch`, a list of strings in, a list of strings out) and its
token count (:meth:`Engine.count_tokens`). Everything that decides *what* goes into a
batch is here and is the same for every engine: splitting sentences too long for the
model so that nothing is ever truncated, grouping by length under a token budget,
putting results back in input order, progress, and the quality checks.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, Protocol, TypeVar

from summarize import wording
from summarize.language.chunker import split_long
from summarize.records import Translation
from summarize.runtime.models import Placed, read_json
from summarize.translation.checks import translation_warnings

if TYPE_CHECKING:
    from summarize.runtime.models import ModelRef

T = TypeVar("T")


@dataclass(frozen=True)
class TranslateOptions(Placed):
    """Decoding and placement settings shared by every engine."""

    lang: str = "en"
    model: str | None = None
    engine: str = "transformers"
    beams: int | None = None
    max_batch_tokens: int | None = None  # None: the engine's own tuned budget
    compute_type: str | None = None
    quantize: bool = False


# Called after each batch with how many more input texts are finished; the calls of one
# ``translate`` add up to ``len(texts)``.
Progress = Callable[[int], None]


class Translator(Protocol):
    """What the pipeline needs of a translator (an engine, or a wrapper around one)."""

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
# Bumped when splitting, joining or length budgeting changes, since that changes output.
# 2: per-engine batch budgets regroup sentences, and a batch's output budget follows its
# longest source.
DECODING_SCHEME = 2


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
    config = read_json(folder / "config.json")
    generation = read_json(folder / "generation_config.json")

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


# --- the engine interface ---------------------------------------------------------------


class Engine(ABC):
    """A translation model loaded once; subclasses implement the batch call and the count.

    Class attributes say what the engine is before any model loads: its ``name`` (the
    value of ``TranslateOptions.engine``), its tuned token budget per batch and its
    default compute type. :meth:`probe` checks, cheaply, that it can run here.
    """

    name: ClassVar[str]
    # Padded source tokens per batch (longest x count) when none is asked for; each engine
    # module says how its value was measured.
    default_batch_tokens: ClassVar[int] = 1024

    def __init__(self, ref: ModelRef, options: TranslateOptions) -> None:
        self.ref = ref
        self.options = options
        self.settings = read_model_settings(ref.path)
        self.beams = options.beams or self.settings.num_beams
        self.limit = input_token_limit(self.settings.max_positions)

    @property
    def engine(self) -> str:
        return self.name

    @classmethod
    @abstractmethod
    def probe(cls) -> None:
        """Raise EngineUnavailable if the engine cannot run on this machine; cheap (no
        heavy import), as every run calls it before any work."""

    @classmethod  # noqa: B027 - an optional hook, not an abstract method
    def check_placement(cls, options: TranslateOptions) -> None:
        """Raise EngineUnavailable if the device or compute type cannot work; called before
        any work, so cheap: a runtime is imported only when the device asks for
        one (CUDA) or a compute type must be looked up. An engine without such settings
        keeps this default, which accepts anything."""

    @classmethod
    def default_compute_type(cls, device: str) -> str:
        """The compute type the engine runs at on ``device`` when none is asked for."""
        return "default"

    @classmethod
    def compute_type_for(cls, options: TranslateOptions) -> str:
        """The compute type the engine will really use for these options."""
        return options.compute_type or cls.default_compute_type(options.device)

    @classmethod
    def batch_tokens_for(cls, options: TranslateOptions) -> int:
        """The padded-token budget per batch: the one asked for, else the engine's own."""
        return options.max_batch_tokens or cls.default_batch_tokens

    @abstractmethod
    def count_tokens(self, text: str) -> int:
        """Source pieces in ``text``, without the closing ``</s>``."""

    @abstractmethod
    def translate_batch(self, texts: list[str]) -> list[str]:
        """The bare engine call: one batch of texts, no splitting, no checks."""

    def translate(
        self, texts: Sequence[str], progress: Progress | None = None
    ) -> list[Translation]:
        """One Translation per text, in input order; blank texts are returned as they are."""
        return translate_texts(
            texts,
            translate_batch=self.translate_batch,
            count_tokens=self.count_tokens,
            limit=self.limit,
            max_batch_tokens=self.batch_tokens_for(self.options),
            max_batch_size=MAX_BATCH_SIZE,
            progress=progress,
        )


# --- batching ---------------------------------------------------------------------------


def join_parts(translations: Sequence[str]) -> str:
    """The translation of a split sentence: its parts' translations, in order."""
    return " ".join(t.strip() for t in translations if t.strip())


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
            raise RuntimeError(
                f"engine returned {wording.counted(len(results), 'result')} for "
                f"{wording.counted(len(batch), 'text')}"
            )
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
                "sentence too long for the model: translated in "
                f"{wording.counted(len(translated), 'part')}",
                *warnings,
            )
        done[text] = Translation(source=text, text=target, warnings=warnings)
    return [done.get(text) or Translation(source=text, text=text) for text in texts]
