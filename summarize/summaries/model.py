"""A summarisation model behind one interface, whatever its kind.

:class:`ModelSummarizer` owns what every kind shares: loading (once, lazily, on the first
summary), decoding settings, summarising summaries until one is left (map-reduce, for
articles longer than the model's input), and the checks a model summary must pass
before it replaces the extractive one (:mod:`summarize.summaries.faithfulness`). The key
points are always the extractive ones, since they must quote the article. A kind is one
subclass that implements :meth:`ModelSummarizer.generate`: ``summaries.seq2seq`` and
``summaries.chat``.
"""

from __future__ import annotations

import copy
import logging
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from summarize.errors import ModelUnavailable
from summarize.language.segment import split_sentences
from summarize.records import Article, Summary
from summarize.runtime.environment import one_line, silence_transformers, torch_device, use_all_cpus
from summarize.runtime.models import SOURCE_LANG
from summarize.summaries.faithfulness import degenerate, unsupported_facts
from summarize.summaries.modelinfo import ModelInfo, summary_key
from summarize.summaries.options import AbstractiveOptions, check_options
from summarize.summaries.prompts import Prompts
from summarize.wording import counted

logger = logging.getLogger(__name__)

# Map-reduce: at most this many rounds of summarising summaries; every real article
# needs one (a 1,024-token model and a 10,000-word article: 13 chunks -> 2 -> 1).
MAX_REDUCE_ROUNDS = 4
# A partial summary (of one chunk) gets at most this share of the input as output, so
# that several fit one input when they are combined, with room for re-tokenising.
# Real models are unaffected (BART-IT: 1,022 / 4 = 255 > 160 tokens by default); tiny
# test models with 128 positions get 31-token partials that combine two or three at a time.
PARTIALS_PER_INPUT = 4


class ModelSummarizer(ABC):
    """A summarisation model, loaded once, lazily, on the first :meth:`summarize`."""

    kind: ClassVar[str]

    def __init__(self, options: AbstractiveOptions, info: ModelInfo, prompts: Prompts) -> None:
        check_options(options)
        self.options = options
        self.info = info
        self.prompts = prompts
        self.name = info.ref.name
        self.writes = info.writes
        self.key = summary_key(info, options, prompts.digest)
        self.tokenizer: Any = None
        self.model: Any = None
        self.device: Any = None
        self.last_parts = 0  # chunks the last article was cut into (1: it fitted whole)

    def summarize(self, article: Article, extractive: Summary) -> Summary:
        """The model's summary of ``article``, checked; the extractive one if it fails."""
        body = [line for line in article.body_lines() if line.strip()]
        if not body:
            return extractive
        article_text = "\n".join([article.title, *body])
        try:
            text, warnings = self.generate(article.title, body)
        except (RuntimeError, ValueError, IndexError) as error:
            logger.warning("summariser %s failed on %s: %s", self.name, article.source, error)
            return _fallback(extractive, [f"model summary failed ({one_line(error)})"])

        reason = degenerate(text, article_text)
        if reason:
            logger.info("discarding the model summary of %s: %s", article.source, reason)
            return _fallback(extractive, warnings, reason)
        warnings += [
            f"summary mentions “{fact}”, not found in the article"
            for fact in unsupported_facts(text, article_text, self.writes)
        ]
        method = f"model:{self.name}"
        all_warnings = [*extractive.warnings, *warnings]
        if self.writes == SOURCE_LANG:
            return Summary(
                key_points=list(extractive.key_points),
                summary=split_sentences(text),
                method=method,
                warnings=all_warnings,
            )
        return Summary(
            key_points=list(extractive.key_points),
            summary=list(extractive.summary),
            method=method,
            summary_target=text,
            warnings=all_warnings,
        )

    def generate(self, title: str, body: Sequence[str]) -> tuple[str, list[str]]:
        """The model's raw summary of an article (tidied, unchecked) and notes about it."""
        self.load()
        return self.write(title, body)

    @abstractmethod
    def write(self, title: str, body: Sequence[str]) -> tuple[str, list[str]]:
        """What :meth:`generate` does once the model is loaded: the kind's own way."""

    @property
    @abstractmethod
    def max_new_tokens(self) -> int:
        """Tokens the final summary may have, within what the model can produce."""

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` alone, without the special tokens the model adds."""
        return len(self._tokenizer()(text, add_special_tokens=False)["input_ids"])

    def load(self) -> None:
        """Load the weights (once); every summary calls this first."""
        if self.model is not None:
            return
        self._tokenizer()
        use_all_cpus()
        self.device = torch_device(self.options.device)
        self.model = _load_model(self.info)
        self.model.to(self.device)
        self.model.eval()

    def _tokenizer(self) -> Any:
        if self.tokenizer is None:
            self.tokenizer = _load_tokenizer(self.info)
        return self.tokenizer

    def _reduce(
        self,
        partials: list[str],
        warnings: list[str],
        fits: Callable[[list[str]], bool],
        split: Callable[[str], list[str]],
        summarise: Callable[[list[str], bool], str],
    ) -> str:
        """Summarise groups of partial summaries until one is left (the last call, with
        ``final`` true, gets the full output length). A partial too long to go in alone
        is cut like an article; when a round cannot shrink the list, the partials are
        joined in order."""

        def units(texts: list[str]) -> list[str]:
            kept = [t for t in texts if t.strip()]
            return [piece for t in kept for piece in ([t] if fits([t]) else split(t))]

        partials = units(partials)
        for _ in range(MAX_REDUCE_ROUNDS):
            if len(partials) <= 1:
                break
            groups = _groups(partials, fits)
            if len(groups) == len(partials) or not all(fits(g) for g in groups):
                break
            final = len(groups) == 1
            partials = units([summarise(group, final) for group in groups])
        if len(partials) > 1:
            warnings.append(
                f"the {counted(len(partials), 'partial summary')} were too long to combine; "
                "joined in order"
            )
        return " ".join(partials)

    def _generate(self, encoded: dict[str, Any], new_tokens: int) -> Any:
        import torch

        settings = self._generation_config(new_tokens)
        encoded = {name: tensor.to(self.device) for name, tensor in encoded.items()}
        with torch.inference_mode():
            if self.options.temperature <= 0:
                return self.model.generate(**encoded, generation_config=settings)
            cpu_only = self.device.type == "cpu"
            with torch.random.fork_rng(devices=[] if cpu_only else None):
                torch.manual_seed(self.options.seed)
                return self.model.generate(**encoded, generation_config=settings)

    def _generation_config(self, new_tokens: int) -> Any:
        """The model's own generation settings with ours on top: length, beams, sampling."""
        settings = copy.deepcopy(self.model.generation_config)
        settings.max_new_tokens = new_tokens
        settings.max_length = None
        if (settings.min_new_tokens or 0) > new_tokens:
            settings.min_new_tokens = new_tokens
        if (settings.min_length or 0) > new_tokens:
            settings.min_length = 0
        settings.num_beams = self.options.beams
        if self.options.temperature > 0:
            settings.do_sample = True
            settings.temperature = self.options.temperature
        else:
            settings.do_sample = False
            settings.temperature = 1.0
            settings.top_p = 1.0
            settings.top_k = 50
        if settings.pad_token_id is None:
            tokenizer = self._tokenizer()
            settings.pad_token_id = (
                tokenizer.pad_token_id
                if tokenizer.pad_token_id is not None
                else tokenizer.eos_token_id
            )
        return settings


def _fallback(extractive: Summary, warnings: list[str], reason: str | None = None) -> Summary:
    notes = list(warnings)
    if reason:
        notes.append(f"model summary discarded ({reason}); extractive summary used")
    elif notes:
        notes[-1] += "; extractive summary used"
    return Summary(
        key_points=list(extractive.key_points),
        summary=list(extractive.summary),
        method=extractive.method,
        summary_target=extractive.summary_target,
        warnings=[*extractive.warnings, *notes],
    )


_THINK = re.compile(r"<think>.*?</think>", re.DOTALL)
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)]|#+)\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def tidy(text: str) -> str:
    """One paragraph of prose: no reasoning block, list markers, headings, control
    characters or extra space."""
    # U+FFFD: bytes of a byte-level BPE that do not form a character, never meaningful
    text = _CONTROL.sub("", _THINK.sub(" ", text)).replace("\ufffd", "")
    text = text.split("</think>")[-1]  # a reasoning block whose opening tag was in the prompt
    lines = [_LIST_MARK.sub("", line).strip() for line in text.splitlines()]
    return " ".join(" ".join(line for line in lines if line).split())


def _load_tokenizer(info: ModelInfo) -> Any:
    from transformers import AutoTokenizer

    silence_transformers()
    try:
        return AutoTokenizer.from_pretrained(info.ref.path)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelUnavailable(
            f"summariser {info.ref.name} in {info.ref.path}: its tokenizer cannot be loaded "
            f"by transformers: {one_line(error)}"
        ) from error


def _load_model(info: ModelInfo) -> Any:
    import torch
    from transformers import AutoModelForCausalLM, AutoModelForSeq2SeqLM

    loader = AutoModelForSeq2SeqLM if info.kind == "seq2seq" else AutoModelForCausalLM
    try:
        model = loader.from_pretrained(info.ref.path, dtype=torch.float32)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelUnavailable(
            f"summariser {info.ref.name} in {info.ref.path} cannot be loaded by transformers: "
            f"{one_line(error)}"
        ) from error
    logger.info("loaded summariser %s (%s)", info.ref.name, info.kind)
    return model


def _groups(items: list[str], fits: Callable[[list[str]], bool]) -> list[list[str]]:
    """Consecutive items packed greedily into groups that fit."""
    groups: list[list[str]] = []
    current: list[str] = []
    for item in items:
        if current and not fits([*current, item]):
            groups.append(current)
            current = []
        current.append(item)
    if current:
        groups.append(current)
    return groups
