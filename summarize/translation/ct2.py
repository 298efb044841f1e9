"""The CTranslate2 engine: MarianMT converted once, then run without PyTorch.

CTranslate2 runs the same Marian weights several times faster than PyTorch on a CPU, in
int8, with a fraction of the memory. The price is a conversion, done once per model and
compute type and kept next to the Hugging Face cache (``<HF_HOME>/brief-ct2/<key>/``).
Once converted, a run imports neither torch nor transformers: it tokenises with the
model's own SentencePiece files, exactly as MarianTokenizer does. Sentence splitting,
batching and warnings are the shared ones of ``summarize.translation.translate``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarize.errors import EngineUnavailable, ModelUnavailable
from summarize.translation.translate import (
    CT2_MISSING,
    MAX_BATCH_SIZE,
    Progress,
    TranslateOptions,
    Translation,
    batch_tokens,
    compute_type,
    input_token_limit,
    max_new_tokens,
    read_model_settings,
    translate_texts,
    usable_cpus,
)

if TYPE_CHECKING:
    from summarize.runtime.models import ModelRef

logger = logging.getLogger(__name__)

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


class CTranslate2Translator:
    """A converted model loaded once, translating batches of sentences in input order."""

    engine = "ctranslate2"

    def __init__(
        self,
        ref: ModelRef,
        options: TranslateOptions,
        *,
        fixed_output: Callable[[int], int] | None = None,
    ) -> None:
        """``fixed_output`` is for the benchmark only: given a batch's longest source in
        tokens (``</s>`` included), how many tokens every output of the batch gets, no more,
        no less; a random-weight model then costs what a real one's outputs would."""
        ctranslate2 = _import_ctranslate2()
        if options.quantize:
            raise EngineUnavailable(
                "--quantize is for --engine transformers; ctranslate2 runs int8 already "
                "(choose its precision with --compute-type)"
            )
        self.ref = ref
        self.options = options
        self.settings = read_model_settings(ref.path)
        self.beams = options.beams or self.settings.num_beams
        self.limit = input_token_limit(self.settings.max_positions)
        self.fixed_output = fixed_output
        self.tokenizer = MarianPieces(ref.path)
        device, index = _pick_device(options.device, ctranslate2)
        self.compute_type = compute_type(options)
        _check_compute_type(self.compute_type, device, ctranslate2)
        self.path = converted_model(ref, self.compute_type, cache_root(options))
        # One translation at a time, all cores on it: the shared loop feeds one batch at a time.
        self.model = ctranslate2.Translator(
            str(self.path),
            device=device,
            device_index=index,
            compute_type=self.compute_type,
            inter_threads=1,
            intra_threads=usable_cpus() if device == "cpu" else 0,
        )
        self._pieces: dict[str, list[str]] = {}
        logger.info("loaded %s with ctranslate2 (%s on %s)", ref.name, self.compute_type, device)

    def count_tokens(self, text: str) -> int:
        """Source pieces in ``text``, without the closing ``</s>``."""
        pieces = self._pieces.get(text)
        if pieces is None:
            pieces = self._pieces[text] = self.tokenizer.pieces(text)
        return len(pieces)

    def translate(
        self, texts: Sequence[str], progress: Progress | None = None
    ) -> list[Translation]:
        """One Translation per text, in input order; blank texts are returned as they are."""
        try:
            return translate_texts(
                texts,
                translate_batch=self.translate_batch,
                count_tokens=self.count_tokens,
                limit=self.limit,
                max_batch_tokens=batch_tokens(self.options),
                max_batch_size=MAX_BATCH_SIZE,
                progress=progress,
            )
        finally:
            self._pieces.clear()

    def translate_batch(self, texts: list[str]) -> list[str]:
        """The bare engine call: one batch of texts, no splitting, no checks."""
        return [self.tokenizer.decode(tokens) for tokens in self.translate_tokens(texts)]

    def translate_tokens(self, texts: list[str]) -> list[list[str]]:
        """The target pieces for one batch of texts, ``</s>`` excluded."""
        sources = []
        for text in texts:
            pieces = self._pieces.get(text)
            if pieces is None:
                pieces = self.tokenizer.pieces(text)
            sources.append(self.tokenizer.encode_pieces(pieces))
        longest = max((len(source) for source in sources), default=1)
        if self.fixed_output:
            shortest = longest_output = self.fixed_output(longest)
        else:
            shortest = 1
            longest_output = max_new_tokens(longest, self.settings.max_positions)
            if self.settings.forced_eos:
                # transformers spends the budget's last step on a forced </s>; CTranslate2
                # stops at its limit and adds none, so one step less gives the same text.
                longest_output = max(1, longest_output - 1)
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

        config = _read_json(folder / "tokenizer_config.json")
        special_map = _read_json(folder / "special_tokens_map.json")
        missing = [
            name
            for name in ("source.spm", "target.spm", "vocab.json")
            if not (folder / name).is_file()
        ]
        model_type = _read_json(folder / "config.json").get("model_type")
        if missing or model_type != "marian":
            raise EngineUnavailable(
                f"engine ctranslate2 runs MarianMT models (opus-mt); {folder} is not one "
                f"({', '.join(missing) or f'model type {model_type}'}); use --engine transformers"
            )
        self.source = spm.SentencePieceProcessor(model_file=str(folder / "source.spm"))
        self.target = spm.SentencePieceProcessor(model_file=str(folder / "target.spm"))
        self.vocab = set(_read_json(folder / "vocab.json"))

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


def hub_cache_dir() -> Path:
    """The hub cache as huggingface_hub resolves it, without importing it."""
    explicit = os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    home = os.environ.get("HF_HOME") or str(
        Path(os.environ.get("XDG_CACHE_HOME") or "~/.cache") / "huggingface"
    )
    return Path(home).expanduser() / "hub"


def stored_type(kind: str) -> str:
    """The weight type a conversion for compute type ``kind`` stores."""
    return kind if kind in STORED_TYPES else "float32"


def conversion_key(ref: ModelRef, kind: str) -> str:
    """The folder name of ``ref`` converted for compute type ``kind``."""
    text = f"{ref.identity}|{stored_type(kind)}|scheme={CONVERSION_SCHEME}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def converted_model(ref: ModelRef, kind: str, root: Path) -> Path:
    """The converted folder for ``ref`` at compute type ``kind``, converting it first if
    this machine has none. The conversion is written to a temporary sibling and renamed
    into place, so an interrupted or concurrent run never sees half a model."""
    dest = root / conversion_key(ref, kind)
    if _is_converted(dest, ref):
        return dest
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=root))
    except OSError as error:
        raise ModelUnavailable(
            f"cannot write the converted model under {root}: {error.strerror or error}; "
            "set HF_HOME to a writable folder, or use --engine transformers"
        ) from error
    try:
        _convert(ref, tmp, stored_type(kind))
        marker = {
            "identity": ref.identity,
            "name": ref.name,
            "quantization": stored_type(kind),
            "scheme": CONVERSION_SCHEME,
        }
        (tmp / MARKER).write_text(json.dumps(marker, indent=2) + "\n", encoding="utf-8")
        _move_into_place(tmp, dest, ref)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def _is_converted(folder: Path, ref: ModelRef) -> bool:
    marker = _read_json(folder / MARKER)
    return (
        marker.get("identity") == ref.identity
        and marker.get("scheme") == CONVERSION_SCHEME
        and (folder / "model.bin").is_file()
    )


def _move_into_place(tmp: Path, dest: Path, ref: ModelRef) -> None:
    try:
        tmp.rename(dest)
        return
    except OSError:
        if _is_converted(dest, ref):
            return  # another run finished the same conversion first
    shutil.rmtree(dest, ignore_errors=True)  # a broken leftover
    tmp.rename(dest)


def _convert(ref: ModelRef, out: Path, quantization: str) -> None:
    """The one step that needs torch and transformers."""
    logger.info("converting %s for ctranslate2 (%s), once", ref.name, quantization)
    try:
        from ctranslate2.converters import TransformersConverter
        from transformers.utils import logging as hf_logging
    except ImportError as error:
        raise EngineUnavailable(
            f"converting a model for ctranslate2 needs transformers and torch: {error}"
        ) from error
    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # MarianTokenizer's sacremoses advice
            TransformersConverter(str(ref.path), low_cpu_mem_usage=True).convert(
                str(out), quantization=quantization, force=True
            )
    except (OSError, ValueError, KeyError, NotImplementedError, RuntimeError) as error:
        message = " ".join(str(error).split())[:200]
        raise ModelUnavailable(
            f"model {ref.name} cannot be converted for ctranslate2: {message}; "
            "use --engine transformers"
        ) from error


# --- helpers ----------------------------------------------------------------------------


def _import_ctranslate2() -> Any:
    try:
        import ctranslate2
    except ImportError as error:
        raise EngineUnavailable(CT2_MISSING) from error
    return ctranslate2


def _pick_device(name: str, ctranslate2: Any) -> tuple[str, int]:
    name = (name or "cpu").strip().lower()
    if name == "auto":
        return ("cuda", 0) if ctranslate2.get_cuda_device_count() > 0 else ("cpu", 0)
    kind, _, index = name.partition(":")
    if kind not in {"cpu", "cuda"} or (index and not index.isdigit()):
        raise EngineUnavailable(f"--device {name}: use cpu, cuda, cuda:N or auto")
    if kind == "cuda" and ctranslate2.get_cuda_device_count() == 0:
        raise EngineUnavailable(
            f"--device {name}: ctranslate2 sees no CUDA device here; use --device cpu or auto"
        )
    return kind, int(index or 0)


def _check_compute_type(kind: str, device: str, ctranslate2: Any) -> None:
    supported = set(ctranslate2.get_supported_compute_types(device))
    if kind in {"default", "auto"} or kind in supported:
        return
    choices = ", ".join(sorted(supported | {"auto", "default"}))
    raise EngineUnavailable(
        f"engine ctranslate2 cannot run compute type {kind!r} on {device}; choose one of: {choices}"
    )


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
