"""The transformers engine: MarianMT (or any seq2seq model) through PyTorch.

Imported only when a model is really needed; it is the one module that pulls in torch
and transformers for translation.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from summarize.errors import EngineUnavailable, ModelUnavailable
from summarize.translation.translate import (
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

_DTYPES = {"float32": "float32", "default": "float32", "float16": "float16", "bfloat16": "bfloat16"}


class TransformersTranslator:
    """A model loaded once, translating batches of sentences in input order."""

    engine = "transformers"

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
        import torch

        _silence_transformers()
        self.ref = ref
        self.options = options
        self.settings = read_model_settings(ref.path)
        self.beams = options.beams or self.settings.num_beams
        self.limit = input_token_limit(self.settings.max_positions)
        self.device = _pick_device(options.device)
        self.fixed_output = fixed_output
        if "OMP_NUM_THREADS" not in os.environ:
            torch.set_num_threads(usable_cpus())

        kind = compute_type(options)
        quantize = options.quantize or kind == "int8"
        if kind not in _DTYPES and kind != "int8":
            known = ", ".join([*sorted(_DTYPES), "int8"])
            raise EngineUnavailable(
                f"engine transformers cannot run compute type {kind!r}; choose one of: {known}"
            )
        if quantize and self.device.type != "cpu":
            raise EngineUnavailable(
                "int8 quantisation in the transformers engine runs on the CPU only; "
                "drop --quantize or use --device cpu"
            )
        dtype = getattr(torch, _DTYPES.get(kind, "float32"))

        self.tokenizer, self.model = _load(ref, dtype)
        self.model.eval()
        if quantize:
            self.model = _quantize(self.model)
        self.model.to(self.device)

    def count_tokens(self, text: str) -> int:
        """Source pieces in ``text``, without the closing ``</s>``."""
        return len(self.tokenizer.tokenize(text))

    def translate(
        self, texts: Sequence[str], progress: Progress | None = None
    ) -> list[Translation]:
        """One Translation per text, in input order; blank texts are returned as they are."""
        return translate_texts(
            texts,
            translate_batch=self.translate_batch,
            count_tokens=self.count_tokens,
            limit=self.limit,
            max_batch_tokens=batch_tokens(self.options),
            max_batch_size=MAX_BATCH_SIZE,
            progress=progress,
        )

    def translate_batch(self, texts: list[str]) -> list[str]:
        """The bare engine call: one batch of texts, no splitting, no checks."""
        import torch

        encoded = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=False)
        source_tokens = int(encoded["input_ids"].shape[1])
        encoded = {name: tensor.to(self.device) for name, tensor in encoded.items()}
        if self.fixed_output:
            fixed = self.fixed_output(source_tokens)
            length = {"min_new_tokens": fixed, "max_new_tokens": fixed, "forced_eos_token_id": None}
        else:
            length = {"max_new_tokens": max_new_tokens(source_tokens, self.settings.max_positions)}
        with torch.inference_mode():
            generated = self.model.generate(**encoded, num_beams=self.beams, **length)
        return list(self._decode(generated))

    def _decode(self, generated: Any) -> list[str]:
        if _is_marian(self.tokenizer):
            # transformers 5 decodes Marian output with the *source* SentencePiece model
            # unless told otherwise; the output is in the target language.
            return self.tokenizer.batch_decode(
                generated, skip_special_tokens=True, use_source_tokenizer=False
            )
        return self.tokenizer.batch_decode(generated, skip_special_tokens=True)


def _load(ref: ModelRef, dtype: Any) -> tuple[Any, Any]:
    from transformers import (
        AutoConfig,
        AutoModelForSeq2SeqLM,
        AutoTokenizer,
        MarianMTModel,
        MarianTokenizer,
    )

    try:
        config = AutoConfig.from_pretrained(ref.path)
        with warnings.catch_warnings():
            # MarianTokenizer recommends sacremoses for punctuation normalisation; opus-mt
            # was trained on text it had normalised, and it translates news prose fine
            # without it.
            warnings.filterwarnings("ignore", message=".*sacremoses.*")
            if config.model_type == "marian":
                tokenizer = MarianTokenizer.from_pretrained(ref.path)
                model = MarianMTModel.from_pretrained(ref.path, dtype=dtype)
            else:
                tokenizer = AutoTokenizer.from_pretrained(ref.path)
                model = AutoModelForSeq2SeqLM.from_pretrained(ref.path, dtype=dtype)
    except (OSError, ValueError, KeyError) as error:
        message = " ".join(str(error).split())[:200]
        raise ModelUnavailable(
            f"model {ref.name} in {ref.path} cannot be loaded by transformers: {message}"
        ) from error
    logger.info("loaded %s (%s) with transformers", ref.name, config.model_type)
    return tokenizer, model


def _is_marian(tokenizer: Any) -> bool:
    return type(tokenizer).__name__ == "MarianTokenizer"


def _quantize(model: Any) -> Any:
    import torch
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch deprecates this API in favour of torchao
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)


def _pick_device(name: str) -> Any:
    import torch

    name = (name or "cpu").strip().lower()
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise EngineUnavailable(
            f"--device {name}: torch sees no CUDA device here; use --device cpu or auto"
        )
    try:
        return torch.device(name)
    except RuntimeError as error:
        raise EngineUnavailable(f"--device {name}: {error}; use cpu, cuda or auto") from error


def _silence_transformers() -> None:
    """The CLI owns the terminal: no transformers warnings, no progress bars."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
