"""The transformers engine: MarianMT (or any seq2seq model) through PyTorch.

The one engine module that pulls in torch and transformers for translation, and only
when a model is really loaded.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, ClassVar

from summarize.errors import EngineUnavailable, ModelUnavailable
from summarize.runtime.environment import (
    one_line,
    quiet_loading,
    require,
    torch_device,
    use_all_cpus,
)
from summarize.translation.base import Engine, TranslateOptions, max_new_tokens

if TYPE_CHECKING:
    from summarize.runtime.models import ModelRef

logger = logging.getLogger(__name__)

_DTYPES = {"float32": "float32", "default": "float32", "float16": "float16", "bfloat16": "bfloat16"}


class TransformersEngine(Engine):
    """A model loaded once, translating batches of sentences in input order."""

    name = "transformers"
    # Measured with benchmarks/bench.py (full-size model, beam 4, 2 CPUs, 8 generated
    # articles = 56 sentences): 4096 -> 78 s and 2,338 MB, 1024 -> 49-56 s and 1,300 MB,
    # 512 -> 60 s, 256 -> 91 s. A batch decodes until its longest output is done, and on
    # a CPU more rows stop paying beyond a few dozen.
    default_batch_tokens: ClassVar[int] = 1024

    def __init__(self, ref: ModelRef, options: TranslateOptions) -> None:
        import torch

        super().__init__(ref, options)
        self.device = torch_device(options.device)
        use_all_cpus()

        kind = self.compute_type_for(options)
        quantize = options.quantize or kind == "int8"
        _check_compute_type(kind)
        if quantize and self.device.type != "cpu":
            raise EngineUnavailable(
                "int8 quantisation in the transformers engine runs on the CPU only, "
                f"not on {self.device}",
                setting="device",
                suggestion="cpu",
            )
        dtype = getattr(torch, _DTYPES.get(kind, "float32"))

        self.tokenizer, self.model = _load(ref, dtype)
        self.model.eval()
        if quantize:
            self.model = _quantize(self.model)
        self.model.to(self.device)

    @classmethod
    def probe(cls) -> None:
        for package in ("torch", "transformers", "sentencepiece"):
            message = f"engine transformers needs the {package} package; pip install {package}"
            require(package, message)

    @classmethod
    def default_compute_type(cls, device: str) -> str:
        return "float32"

    @classmethod
    def check_placement(cls, options: TranslateOptions) -> None:
        _check_compute_type(cls.compute_type_for(options))
        if (options.device or "cpu").strip().lower() != "cpu":
            torch_device(options.device)  # imports torch: only for a device other than the CPU

    def count_tokens(self, text: str) -> int:
        """Source pieces in ``text``, without the closing ``</s>``."""
        return len(self.tokenizer.tokenize(text))

    def output_lengths(self, source_tokens: int) -> dict[str, Any]:
        """``generate``'s length settings for a batch whose longest source has
        ``source_tokens`` tokens (``</s>`` included)."""
        return {"max_new_tokens": max_new_tokens(source_tokens, self.settings.max_positions)}

    def translate_batch(self, texts: list[str]) -> list[str]:
        import torch

        encoded = self.tokenizer(texts, return_tensors="pt", padding=True, truncation=False)
        source_tokens = int(encoded["input_ids"].shape[1])
        encoded = {name: tensor.to(self.device) for name, tensor in encoded.items()}
        length = self.output_lengths(source_tokens)
        with torch.inference_mode():
            generated = self.model.generate(**encoded, num_beams=self.beams, **length)
        return list(self._decode(generated))

    def _decode(self, generated: Any) -> list[str]:
        if type(self.tokenizer).__name__ == "MarianTokenizer":
            # transformers 5 decodes Marian output with the *source* SentencePiece model
            # unless told otherwise; the output is in the target language.
            return self.tokenizer.batch_decode(
                generated, skip_special_tokens=True, use_source_tokenizer=False
            )
        return self.tokenizer.batch_decode(generated, skip_special_tokens=True)


def _check_compute_type(kind: str) -> None:
    if kind not in _DTYPES and kind != "int8":
        known = ", ".join([*sorted(_DTYPES), "int8"])
        raise EngineUnavailable(
            f"engine transformers cannot run compute type {kind!r}; choose one of: {known}",
            setting="compute_type",
        )


def _load(ref: ModelRef, dtype: Any) -> tuple[Any, Any]:
    from transformers import (
        AutoConfig,
        AutoModelForSeq2SeqLM,
        AutoTokenizer,
        MarianMTModel,
        MarianTokenizer,
    )

    try:
        with quiet_loading():
            config = AutoConfig.from_pretrained(ref.path)
            if config.model_type == "marian":
                tokenizer = MarianTokenizer.from_pretrained(ref.path)
                model = MarianMTModel.from_pretrained(ref.path, dtype=dtype)
            else:
                tokenizer = AutoTokenizer.from_pretrained(ref.path)
                model = AutoModelForSeq2SeqLM.from_pretrained(ref.path, dtype=dtype)
    except (OSError, ValueError, KeyError) as error:
        raise ModelUnavailable(
            f"model {ref.name} in {ref.path} cannot be loaded by transformers: "
            f"{one_line(error, 200)}"
        ) from error
    logger.info("loaded %s (%s) with transformers", ref.name, config.model_type)
    return tokenizer, model


def _quantize(model: Any) -> Any:
    import torch
    from torch.ao.quantization import quantize_dynamic

    with quiet_loading():
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
