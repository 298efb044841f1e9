"""The CTranslate2 engine: MarianMT converted once, then run without PyTorch.

CTranslate2 runs the same Marian weights several times faster than PyTorch on a CPU, in
int8, with a fraction of the memory. The price is a conversion, done once per model and
compute type and kept next to the Hugging Face cache (``<HF_HOME>/brief-ct2/<key>/``);
where that cannot be written, in a temporary folder for the run, said once.
Once converted, a run imports neither torch nor transformers: it tokenises with the
model's own SentencePiece files, exactly as MarianTokenizer does. Sentence splitting,
batching and warnings are the shared ones of :class:`summarize.translation.base.Engine`.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import logging
import re
import shutil
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from summarize.errors import EngineUnavailable, ModelUnavailable
from summarize.runtime.environment import (
    installed,
    one_line,
    parse_device,
    require,
    thread_budget,
)
from summarize.runtime.folders import FolderNotWritable, publish_folder, read_marker
from summarize.runtime.models import hub_cache_dir, read_json
from summarize.translation.base import Engine, TranslateOptions, max_new_tokens

if TYPE_CHECKING:
    from summarize.runtime.models import ModelRef

logger = logging.getLogger(__name__)

CT2_MISSING = (
    "engine ctranslate2 is not installed; pip install 'brief-news[fast]' "
    "(or pip install ctranslate2)"
)
# CTranslate2 on a GPU runs int8 weights with float16 activations, its fastest type there.
DEFAULT_COMPUTE_TYPE = "int8"
CUDA_COMPUTE_TYPE = "int8_float16"
# Bumped when the converted folder's content or layout changes, so stale ones are redone.
CONVERSION_SCHEME = 1
MARKER = "brief-ct2.json"
CACHE_DIR_NAME = "brief-ct2"
# Weight types the converter can store; any other compute type ("default", "auto") keeps
# the model's float32 weights and lets CTranslate2 pick at load time.
STORED_TYPES = (
    "int8",
    "int8_float32",
    "int8_float16",
    "int8_bfloat16",
    "int16",
    "float16",
    "bfloat16",
    "float32",
)
# What fixes most ctranslate2 problems: the other engine.
_USE_TRANSFORMERS = {"setting": "engine", "suggestion": "transformers"}
_NO_QUANTIZE = (
    "dynamic int8 quantisation is for the transformers engine; ctranslate2 runs "
    "int8 already (its compute type sets the precision)"
)
# Conversions made in a temporary folder this process (the cache could not be written),
# by conversion key: converted and announced once a run.
_TEMPORARY: dict[str, Path] = {}
# Tokenised texts kept between count_tokens and translate_batch; a translate() call of a
# few thousand sentences fits, and the memory stays bounded across calls.
_PIECES_KEPT = 8192


class CTranslate2Engine(Engine):
    """A converted model loaded once, translating batches of sentences in input order."""

    name = "ctranslate2"
    # Measured with benchmarks/bench.py (full-size model, beam 4, 2 CPUs, 8 generated
    # articles = 56 sentences): 4096 -> 30 s and 1,035 MB, 1024 -> 20 s, 512 -> 14 s and
    # 337 MB, 256 -> 15 s. Smaller, more even batches win on a CPU.
    default_batch_tokens: ClassVar[int] = 512

    def __init__(self, ref: ModelRef, options: TranslateOptions) -> None:
        ctranslate2 = _import_ctranslate2()
        if options.quantize:
            raise EngineUnavailable(_NO_QUANTIZE, setting="quantize")
        super().__init__(ref, options)
        self.tokenizer = MarianPieces(ref.path)
        device, index = parse_device(options.device, ctranslate2.get_cuda_device_count, self.name)
        self.compute_type = self.compute_type_for(options)
        _check_compute_type(self.compute_type, device, ctranslate2)
        self.path = converted_model(ref, self.compute_type, cache_root(options))
        # One translation at a time, all cores on it: the shared loop feeds one batch at a time.
        self.model = ctranslate2.Translator(
            str(self.path),
            device=device,
            device_index=index,
            compute_type=self.compute_type,
            inter_threads=1,
            intra_threads=thread_budget() if device == "cpu" else 0,
        )
        self._pieces: dict[str, list[str]] = {}
        logger.info("loaded %s with ctranslate2 (%s on %s)", ref.name, self.compute_type, device)

    @classmethod
    def probe(cls) -> None:
        require("ctranslate2", CT2_MISSING, **_USE_TRANSFORMERS)
        require(
            "sentencepiece",
            "engine ctranslate2 needs the sentencepiece package; pip install sentencepiece",
        )

    @classmethod
    def default_compute_type(cls, device: str) -> str:
        return CUDA_COMPUTE_TYPE if _on_cuda(device) else DEFAULT_COMPUTE_TYPE

    @classmethod
    def check_placement(cls, options: TranslateOptions) -> None:
        if options.quantize:
            raise EngineUnavailable(_NO_QUANTIZE, setting="quantize")
        kind = (options.device or "cpu").strip().lower().partition(":")[0]
        if kind not in {"cuda", "auto"} and not options.compute_type:
            # the CPU and its default int8 need no import; a bad name fails here
            parse_device(options.device, lambda: 0, cls.name)
            return
        ctranslate2 = _import_ctranslate2()
        device, _ = parse_device(options.device, ctranslate2.get_cuda_device_count, cls.name)
        _check_compute_type(cls.compute_type_for(options), device, ctranslate2)

    def count_tokens(self, text: str) -> int:
        return len(self._source_pieces(text))

    def _source_pieces(self, text: str) -> list[str]:
        pieces = self._pieces.get(text)
        if pieces is None:
            if len(self._pieces) >= _PIECES_KEPT:
                self._pieces.clear()
            pieces = self._pieces[text] = self.tokenizer.pieces(text)
        return pieces

    def output_lengths(self, longest: int) -> tuple[int, int]:
        """The shortest and longest output a batch may decode, for a batch whose longest
        source has ``longest`` tokens (``</s>`` included)."""
        longest_output = max_new_tokens(longest, self.settings.max_positions)
        if self.settings.forced_eos:
            # transformers spends the budget's last step on a forced </s>; CTranslate2
            # stops at its limit and adds none, so one step less gives the same text.
            longest_output = max(1, longest_output - 1)
        return 1, longest_output

    def translate_batch(self, texts: list[str]) -> list[str]:
        return [self.tokenizer.decode(tokens) for tokens in self.translate_tokens(texts)]

    def translate_tokens(self, texts: list[str]) -> list[list[str]]:
        """The target pieces for one batch of texts, ``</s>`` excluded."""
        sources = [self.tokenizer.encode_pieces(self._source_pieces(text)) for text in texts]
        longest = max((len(source) for source in sources), default=1)
        shortest, longest_output = self.output_lengths(longest)
        results = self.model.translate_batch(
            sources,
            beam_size=self.beams,
            num_hypotheses=1,
            max_batch_size=0,
            max_input_length=0,  # never truncate: long sentences were split before
            max_decoding_length=longest_output,
            min_decoding_length=shortest,
            return_scores=False,
        )
        return [result.hypotheses[0] for result in results]


# --- tokenisation without transformers ------------------------------------------------


class MarianPieces:
    """MarianTokenizer's encoding and decoding, from the model's own files.

    Same pieces as ``MarianTokenizer.tokenize`` (language code prefix, special tokens kept
    whole, SentencePiece for the rest; unknown pieces become ``<unk>``), and the same text
    as ``batch_decode(..., skip_special_tokens=True, use_source_tokenizer=False)``.
    """

    def __init__(self, folder: Path) -> None:
        import sentencepiece as spm

        config = read_json(folder / "tokenizer_config.json")
        special_map = read_json(folder / "special_tokens_map.json")
        missing = [
            name
            for name in ("source.spm", "target.spm", "vocab.json")
            if not (folder / name).is_file()
        ]
        model_type = read_json(folder / "config.json").get("model_type")
        if missing or model_type != "marian":
            raise EngineUnavailable(
                f"engine ctranslate2 runs MarianMT models (opus-mt); {folder} is not one "
                f"({', '.join(missing) or f'model type {model_type}'})",
                **_USE_TRANSFORMERS,
            )
        self.source = spm.SentencePieceProcessor(model_file=str(folder / "source.spm"))
        self.target = spm.SentencePieceProcessor(model_file=str(folder / "target.spm"))
        self.vocab = set(read_json(folder / "vocab.json"))

        def token(name: str, default: str) -> str:
            value = config.get(name, special_map.get(name, default))
            if isinstance(value, dict):  # an AddedToken saved as a dict
                value = value.get("content", default)
            return str(value)

        self.eos = token("eos_token", "</s>")
        self.unk = token("unk_token", "<unk>")
        self.pad = token("pad_token", "<pad>")
        extra = config.get(
            "additional_special_tokens", special_map.get("additional_special_tokens")
        )
        self.special = {self.eos, self.unk, self.pad}
        for item in extra if isinstance(extra, list) else []:
            self.special.add(str(item.get("content") if isinstance(item, dict) else item))
        self._split = re.compile(
            "(" + "|".join(re.escape(t) for t in sorted(self.special, key=len, reverse=True)) + ")"
        )

    def pieces(self, text: str) -> list[str]:
        """The source pieces of ``text``, without ``</s>``."""
        out: list[str] = []
        for chunk in self._split.split(text):
            if chunk in self.special:
                out.append(chunk)
            elif chunk:
                if chunk.startswith(">>") and (end := chunk.find("<<")) != -1:
                    out.append(chunk[: end + 2])
                    chunk = chunk[end + 2 :]
                out.extend(self.source.encode(chunk, out_type=str))
        return out

    def encode_pieces(self, pieces: list[str]) -> list[str]:
        """What the model reads: known pieces, ``<unk>`` for the rest, then ``</s>``."""
        return [piece if piece in self.vocab else self.unk for piece in pieces] + [self.eos]

    def decode(self, tokens: Sequence[str]) -> str:
        kept = [token for token in tokens if token not in self.special]
        return self.target.decode_pieces(kept).replace("\u2581", " ").strip()


# --- conversion cache -------------------------------------------------------------------


def cache_root(options: TranslateOptions) -> Path:
    """Where converted models live: beside the Hugging Face hub cache, as ``brief-ct2/``."""
    if options.hf_cache_dir:
        return Path(options.hf_cache_dir).expanduser().resolve().parent / CACHE_DIR_NAME
    return hub_cache_dir().parent / CACHE_DIR_NAME


def stored_type(kind: str) -> str:
    """The weight type a conversion for compute type ``kind`` stores."""
    return kind if kind in STORED_TYPES else "float32"


def conversion_key(ref: ModelRef, kind: str) -> str:
    """The folder name of ``ref`` converted for compute type ``kind``."""
    text = f"{ref.identity}|{stored_type(kind)}|scheme={CONVERSION_SCHEME}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def converted_model(ref: ModelRef, kind: str, root: Path) -> Path:
    """The converted folder for ``ref`` at compute type ``kind``, converting it first if
    this machine has none (see :func:`summarize.runtime.folders.publish_folder`)."""

    def build(tmp: Path) -> None:
        _convert(ref, tmp, stored_type(kind))
        marker = {
            "identity": ref.identity,
            "name": ref.name,
            "quantization": stored_type(kind),
            "scheme": CONVERSION_SCHEME,
        }
        (tmp / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")

    def complete(folder: Path) -> bool:
        marker = read_marker(folder / MARKER)
        return (
            marker.get("identity") == ref.identity
            and marker.get("scheme") == CONVERSION_SCHEME
            and (folder / "model.bin").is_file()
        )

    try:
        return publish_folder(root / conversion_key(ref, kind), build, complete)
    except FolderNotWritable as error:
        return _converted_for_this_run(conversion_key(ref, kind), root, build, error)


def _converted_for_this_run(
    key: str, root: Path, build: Callable[[Path], None], error: FolderNotWritable
) -> Path:
    """A conversion in a temporary folder, removed when the process ends: a read-only
    home or cache must not fail every article, only cost the conversion each run."""
    if key in _TEMPORARY:
        return _TEMPORARY[key]
    why = error.strerror or str(error)
    try:
        folder = Path(tempfile.mkdtemp(prefix="brief-ct2-"))
    except OSError as again:
        raise ModelUnavailable(
            f"cannot write the converted model under {root} ({why}) nor in a temporary "
            f"folder ({again.strerror or again}); set HF_HOME to a writable folder",
            **_USE_TRANSFORMERS,
        ) from error
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    try:
        build(folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    logger.warning(
        "cannot keep the converted model under %s (%s): converted into a temporary folder "
        "for this run; set HF_HOME to a writable folder to convert once",
        root,
        why,
    )
    _TEMPORARY[key] = folder
    return folder


def _convert(ref: ModelRef, out: Path, quantization: str) -> None:
    """The one step that needs torch and transformers."""
    logger.info("converting %s for ctranslate2 (%s), once", ref.name, quantization)
    try:
        from ctranslate2.converters import TransformersConverter

        from summarize.runtime.environment import quiet_loading
    except ImportError as error:
        raise EngineUnavailable(
            f"converting a model for ctranslate2 needs transformers and torch: {error}"
        ) from error
    try:
        with quiet_loading():  # MarianTokenizer's sacremoses advice, transformers' logs
            TransformersConverter(str(ref.path), low_cpu_mem_usage=True).convert(
                str(out), quantization=quantization, force=True
            )
    except (OSError, ValueError, KeyError, NotImplementedError, RuntimeError) as error:
        raise ModelUnavailable(
            f"model {ref.name} cannot be converted for ctranslate2: {one_line(error, 200)}",
            **_USE_TRANSFORMERS,
        ) from error


# --- helpers ----------------------------------------------------------------------------


def _import_ctranslate2() -> Any:
    try:
        import ctranslate2
    except ImportError as error:
        raise EngineUnavailable(CT2_MISSING, **_USE_TRANSFORMERS) from error
    return ctranslate2


def _on_cuda(device: str) -> bool:
    name = (device or "cpu").strip().lower()
    if name != "auto":
        return name.startswith("cuda")
    if not installed("ctranslate2"):
        return False
    import ctranslate2

    return ctranslate2.get_cuda_device_count() > 0


def _check_compute_type(kind: str, device: str, ctranslate2: Any) -> None:
    supported = set(ctranslate2.get_supported_compute_types(device))
    if kind in {"default", "auto"} or kind in supported:
        return
    choices = ", ".join(sorted(supported | {"auto", "default"}))
    raise EngineUnavailable(
        f"engine ctranslate2 cannot run compute type {kind!r} on {device}; "
        f"choose one of: {choices}",
        setting="compute_type",
    )
