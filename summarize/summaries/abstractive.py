"""Model-written summaries: a sequence-to-sequence summariser or an instruction model.

The extractive summary stays the default and the safety net. A model summary replaces
its sentences only when it passes the faithfulness checks of
:mod:`summarize.summaries.faithfulness`; the key points are always the extractive ones, since they
must quote the article.

Two kinds of model are supported, told apart by their ``config.json`` (never by name):

- seq2seq (BART, T5, mT5, IT5, Pegasus, ...): the cleaned article is the input, cut at
  sentence boundaries into chunks that fit the model, each chunk summarised, and the
  partial summaries summarised again until one is left (map-reduce); nothing is ever
  truncated. It writes the language of its input (Italian) unless its tokenizer config
  names a target language.
- causal instruction models with a chat template (Qwen, Llama, Mistral, ...): prompted
  through ``prompts/summary_system.j2`` and ``prompts/summary_user.j2`` (and
  ``summary_combine.j2`` for long articles), read at run time so a user's edited copy
  (``--prompts DIR``) changes the house style without code. It writes the briefing's
  language; the Italian side of the briefing then comes from the extractive summary.

Nothing here imports torch or transformers until the first summary is asked for.
"""

from __future__ import annotations

import copy
import hashlib
import json
import logging
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarize.errors import ModelUnavailable
from summarize.language.segment import split_sentences
from summarize.records import Article, Summary
from summarize.runtime.models import ModelRef, hub_offline, resolve_model
from summarize.summaries.faithfulness import degenerate, unsupported_facts
from summarize.translation.translate import split_long

__all__ = [
    "AbstractiveOptions",
    "ModelSummarizer",
    "Prompts",
    "check_summarizer",
    "chunk_text",
    "detect_kind",
    "load_prompts",
    "load_summarizer",
    "summary_from_cache",
    "summary_to_cache",
]

logger = logging.getLogger(__name__)

SOURCE_LANG = "it"
SYSTEM_TEMPLATE = "summary_system.j2"
USER_TEMPLATE = "summary_user.j2"
COMBINE_TEMPLATE = "summary_combine.j2"
PROMPT_TEMPLATES = (SYSTEM_TEMPLATE, USER_TEMPLATE, COMBINE_TEMPLATE)

# Bumped when chunking, prompting or post-processing changes, since that changes output
# and so must miss the summary cache.
SUMMARY_SCHEME = 1
CACHE_FORMAT = 1

# Target length in words handed to the prompt: sentences x 22, the mean sentence length
# of Italian news prose (the seeds' sentences average 21-24 words).
WORDS_PER_SENTENCE = 22
# Input limit when neither the tokenizer nor the config states one: 512 tokens is what
# T5-family models (IT5, mT5) were trained on.
DEFAULT_INPUT_LIMIT = 512
# Tokenizers without a limit report a huge sentinel (transformers' VERY_LARGE_INTEGER).
_NO_LIMIT = 1_000_000_000
# Tokens kept free in a causal prompt beyond the template's own: a chunk's text may
# tokenise a few pieces longer inside the prompt than alone (merges across the join).
PROMPT_MARGIN = 16
# A causal model whose context leaves less than this for article text per call cannot
# summarise usefully (the prompt alone nearly fills it).
MIN_TEXT_BUDGET = 48
# Map-reduce: at most this many rounds of summarising summaries; every real article
# needs one (a 1,024-token model and a 10,000-word article: 13 chunks -> 2 -> 1).
MAX_REDUCE_ROUNDS = 4
# A partial summary (of one chunk) gets at most this share of the input as output, so
# that several fit one input when they are combined, with room for re-tokenising.
# Real models are unaffected (BART-IT: 1,022 / 4 = 255 > 160 tokens by default); tiny
# test models with 128 positions get 31-token partials that combine two or three at a time.
PARTIALS_PER_INPUT = 4
# Sampling runs (temperature > 0) reseed with this, so reruns give the same text.
DEFAULT_SEED = 0


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Families by config ``model_type``, for configs that state no ``is_encoder_decoder``
# nor a telling architecture. Families not listed still work when the config is explicit.
SEQ2SEQ_TYPES = _wordset(
    """bart mbart t5 mt5 umt5 longt5 pegasus pegasus_x led marian m2m_100 nllb_moe
    bigbird_pegasus blenderbot blenderbot-small prophetnet fsmt plbart switch_transformers
    """
)
CAUSAL_TYPES = _wordset(
    """llama mistral mixtral qwen2 qwen2_moe qwen3 qwen3_moe gemma gemma2 gemma3_text phi
    phi3 phimoe gpt2 gpt_neox gptj gpt_bigcode falcon olmo olmo2 stablelm starcoder2
    cohere cohere2 granite smollm3 exaone deepseek_v2 deepseek_v3 internlm2 minicpm
    """
)

# Language names the prompt uses (instruction models follow English instructions best).
LANGUAGE_NAMES: dict[str, str] = {
    "it": "Italian", "en": "English", "de": "German", "fr": "French", "es": "Spanish",
    "pt": "Portuguese", "nl": "Dutch", "ca": "Catalan", "ro": "Romanian", "pl": "Polish",
    "sv": "Swedish", "da": "Danish", "no": "Norwegian", "fi": "Finnish", "is": "Icelandic",
    "lt": "Lithuanian", "bg": "Bulgarian", "uk": "Ukrainian", "ru": "Russian",
    "el": "Greek", "tr": "Turkish", "ar": "Arabic", "he": "Hebrew", "zh": "Chinese",
    "ja": "Japanese", "ko": "Korean", "vi": "Vietnamese", "ms": "Malay", "eo": "Esperanto",
}  # fmt: skip

# Files a summariser needs beyond config and weights (Marian's list in summarize.runtime.models
# lacks the fast tokenizers' and chat templates' files).
SUMMARIZER_FILES = [
    "config.json",
    "generation_config.json",
    "tokenizer.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "added_tokens.json",
    "vocab.json",
    "merges.txt",
    "*.model",
    "*.spm",
    "chat_template.jinja",
    "chat_template.json",
]
_TOKENIZER_FILE_SETS = (
    ("tokenizer.json",),
    ("vocab.json", "merges.txt"),
    ("spiece.model",),
    ("sentencepiece.bpe.model",),
    ("tokenizer.model",),
    ("source.spm",),
)


@dataclass(frozen=True)
class AbstractiveOptions:
    """Which model summarises and how it decodes."""

    model: str  # hub id or local folder
    target_lang: str = "en"  # language the reader reads; "it" for Italian-only runs
    max_new_tokens: int = 160
    beams: int = 1
    temperature: float = 0.0  # 0 = greedy, deterministic
    sentences: int = 3  # target length of the summary
    prompts_dir: Path | None = None  # a user's edited prompts first, then the shipped ones
    offline: bool = False
    revision: str | None = None
    device: str = "cpu"
    hf_cache_dir: Path | None = None
    seed: int = DEFAULT_SEED  # used only when temperature > 0


@dataclass(frozen=True)
class ModelInfo:
    """What the JSON files of a summariser say, read without torch."""

    ref: ModelRef
    kind: str  # "seq2seq" | "causal"
    writes: str  # language of the model's output
    max_input: int  # tokens the model takes in (seq2seq input, causal context)
    learned_positions: bool  # decoder positions capped by max_position_embeddings
    prefix: str  # T5-style task prefix ("summarize: ") or ""
    chat_digest: str  # hash of the chat template ("" for seq2seq)


# --- model inspection (JSON only) -----------------------------------------------------


def detect_kind(config: dict[str, Any]) -> str | None:
    """'seq2seq', 'causal' or None, from a model's config.json contents."""
    model_type = str(config.get("model_type") or "")
    flag = config.get("is_encoder_decoder")
    if flag is True or (flag is None and model_type in SEQ2SEQ_TYPES):
        return "seq2seq"
    architectures = [a for a in config.get("architectures") or [] if isinstance(a, str)]
    if any(a.endswith(("ForCausalLM", "LMHeadModel")) for a in architectures):
        return "causal"
    if model_type in CAUSAL_TYPES:
        return "causal"
    return None


def inspect_model(options: AbstractiveOptions) -> ModelInfo:
    """Find the model and read what decoding needs from its JSON files."""
    ref = _resolve(options)
    config = _read_json(ref.path / "config.json")
    tokenizer_config = _read_json(ref.path / "tokenizer_config.json")
    kind = detect_kind(config)
    if kind is None:
        model_type = config.get("model_type") or "unknown"
        raise ModelUnavailable(
            f"summariser {ref.name}: cannot tell from its config.json (model_type "
            f"{model_type!r}) whether it is a sequence-to-sequence or a causal language model; "
            "use a BART/T5/mT5 summariser or an instruction-tuned causal model"
        )
    if not any(all((ref.path / f).is_file() for f in files) for files in _TOKENIZER_FILE_SETS):
        raise ModelUnavailable(
            f"summariser {ref.name} in {ref.path} has no tokenizer files "
            "(tokenizer.json, vocab.json + merges.txt or a SentencePiece model); "
            "download the whole model folder"
        )

    target = options.target_lang.strip().lower()
    chat_digest = ""
    if kind == "causal":
        template = _chat_template(ref.path, tokenizer_config)
        if not template:
            raise ModelUnavailable(
                f"summariser {ref.name} is a causal language model without a chat template, "
                "so it is not instruction-tuned; use a chat model such as "
                "Qwen/Qwen2.5-0.5B-Instruct, or a seq2seq summariser"
            )
        chat_digest = _digest(template)
        writes = target
    else:
        writes = _seq2seq_language(tokenizer_config)
        if writes not in (SOURCE_LANG, target):
            raise ModelUnavailable(
                f"summariser {ref.name} writes {writes!r} and the briefing is in {target!r}; "
                "use an Italian summariser or one that writes the briefing's language"
            )

    limits = [
        value
        for value in (
            tokenizer_config.get("model_max_length"),
            config.get("max_position_embeddings"),
            config.get("n_positions"),
        )
        if isinstance(value, (int, float)) and 0 < value < _NO_LIMIT
    ]
    task = config.get("task_specific_params") or {}
    prefix = ""
    if kind == "seq2seq" and isinstance(task, dict):
        prefix = str((task.get("summarization") or {}).get("prefix") or "")
    return ModelInfo(
        ref=ref,
        kind=kind,
        writes=writes,
        max_input=int(min(limits)) if limits else DEFAULT_INPUT_LIMIT,
        learned_positions=isinstance(config.get("max_position_embeddings"), int),
        prefix=prefix,
        chat_digest=chat_digest,
    )


def _resolve(options: AbstractiveOptions) -> ModelRef:
    ref = resolve_model(
        options.model,
        revision=options.revision,
        offline=options.offline,
        cache_dir=options.hf_cache_dir,
    )
    if ref.identity.startswith("hub:"):
        _fetch_summarizer_files(ref, options)
    return ref


def _fetch_summarizer_files(ref: ModelRef, options: AbstractiveOptions) -> None:
    """The tokenizer and chat-template files the translation-model download skips."""
    from huggingface_hub import snapshot_download

    try:
        snapshot_download(
            ref.name,
            revision=ref.path.name,  # the snapshot resolve_model found: same commit
            cache_dir=options.hf_cache_dir,
            local_files_only=options.offline or hub_offline(),
            allow_patterns=SUMMARIZER_FILES,
        )
    except Exception as error:  # a partial download is reported by inspect_model
        logger.debug("could not fetch the tokenizer files of %s: %s", ref.name, error)


def _seq2seq_language(tokenizer_config: dict[str, Any]) -> str:
    for key in ("tgt_lang", "target_lang"):
        value = tokenizer_config.get(key)
        if isinstance(value, str) and len(value) >= 2:
            return value[:2].lower()
    return SOURCE_LANG


def _chat_template(folder: Path, tokenizer_config: dict[str, Any]) -> str:
    template = tokenizer_config.get("chat_template")
    if isinstance(template, list):  # named templates: [{"name": ..., "template": ...}]
        template = json.dumps(template, sort_keys=True)
    if isinstance(template, str) and template.strip():
        return template
    jinja = folder / "chat_template.jinja"
    if jinja.is_file():
        return jinja.read_text(encoding="utf-8")
    data = _read_json(folder / "chat_template.json").get("chat_template")
    return data if isinstance(data, str) else ""


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise ModelUnavailable(f"cannot read {path}: {error}") from error
    return data if isinstance(data, dict) else {}


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --- prompts --------------------------------------------------------------------------


@dataclass
class Prompts:
    """The summariser's Jinja2 templates: the user's copies first, then the shipped ones."""

    env: Any
    digest: str  # hash of the three templates' sources as they will be used
    folders: list[Path] = field(default_factory=list)

    def system(self, **variables: Any) -> str:
        return self._render(SYSTEM_TEMPLATE, variables)

    def user(self, **variables: Any) -> str:
        return self._render(USER_TEMPLATE, variables)

    def combine(self, **variables: Any) -> str:
        return self._render(COMBINE_TEMPLATE, variables)

    def _render(self, name: str, variables: dict[str, Any]) -> str:
        from jinja2 import TemplateError

        try:
            text = self.env.get_template(name).render(**variables)
        except TemplateError as error:
            raise ModelUnavailable(f"prompt template {name} cannot be rendered: {error}") from error
        return text.strip()


def load_prompts(prompts_dir: Path | None = None) -> Prompts:
    """The templates, looked up in ``prompts_dir`` then in the shipped ``prompts/``."""
    from jinja2 import (
        ChoiceLoader,
        Environment,
        FileSystemLoader,
        StrictUndefined,
        TemplateNotFound,
    )

    from summarize.output.render import shipped_prompts_dir

    folders = [Path(p) for p in (prompts_dir, shipped_prompts_dir()) if p is not None]
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(str(f)) for f in folders]),
        undefined=StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    digest = hashlib.sha256()
    for name in PROMPT_TEMPLATES:
        try:
            source, _, _ = env.loader.get_source(env, name)
        except TemplateNotFound:
            where = " or ".join(str(f) for f in folders)
            raise ModelUnavailable(
                f"prompt template {name} is missing from {where}; restore it from brief's prompts/"
            ) from None
        digest.update(name.encode() + b"\0" + source.encode("utf-8") + b"\0")
    return Prompts(env=env, digest=digest.hexdigest()[:16], folders=folders)


def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code.strip().lower(), code)


# --- cache key ------------------------------------------------------------------------


def _key(info: ModelInfo, options: AbstractiveOptions, prompts: Prompts | None) -> str:
    parts = [
        info.ref.identity,
        f"kind={info.kind}",
        f"writes={info.writes}",
        f"lang={options.target_lang.strip().lower()}",
        f"max_new={options.max_new_tokens}",
        f"beams={options.beams}",
        f"temperature={options.temperature:g}",
        f"sentences={options.sentences}",
        f"scheme={SUMMARY_SCHEME}",
    ]
    if options.temperature > 0:
        parts.append(f"seed={options.seed}")
    if info.kind == "causal" and prompts is not None:
        parts += [f"prompts={prompts.digest}", f"chat={info.chat_digest}"]
    return "summary|" + "|".join(parts)


def check_summarizer(options: AbstractiveOptions) -> str:
    """Fail early (ModelUnavailable) if the model cannot summarise; else the cache key of
    its summaries: model identity, kind, decoding settings and prompt templates.

    Reads JSON files only, so a run whose summaries are all cached never imports torch.
    """
    _check_options(options)
    info = inspect_model(options)
    prompts = load_prompts(options.prompts_dir) if info.kind == "causal" else None
    return _key(info, options, prompts)


def _check_options(options: AbstractiveOptions) -> None:
    problems = []
    if options.max_new_tokens < 1:
        problems.append("max new tokens must be at least 1")
    if options.beams < 1:
        problems.append("beams must be at least 1")
    if options.temperature < 0:
        problems.append("temperature must be 0 (greedy) or more")
    if options.sentences < 1:
        problems.append("summary sentences must be at least 1")
    if problems:
        raise ValueError("; ".join(problems))


# --- chunking -------------------------------------------------------------------------


def chunk_text(text: str, count_tokens: Callable[[str], int], limit: int) -> list[str]:
    """Cut ``text`` into chunks of at most ``limit`` tokens, at sentence boundaries, with
    as many whole sentences per chunk as fit; a sentence longer than the limit is cut at
    clause boundaries. Every word of ``text`` is in exactly one chunk, in order."""
    if limit < 1:
        raise ValueError("limit must be at least 1 token")
    pieces: list[str] = []
    for line in text.splitlines():
        for sentence in split_sentences(line):
            if count_tokens(sentence) <= limit:
                pieces.append(sentence)
            else:
                pieces.extend(split_long(sentence, count_tokens, limit))
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        candidate = f"{current} {piece}" if current else piece
        if count_tokens(candidate) <= limit:
            current = candidate
            continue
        if current:
            chunks.append(current)
        current = piece
    if current:
        chunks.append(current)
    return chunks


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


# --- the summariser -------------------------------------------------------------------


class ModelSummarizer:
    """A summarisation model, loaded once, lazily, on the first :meth:`summarize`."""

    def __init__(self, options: AbstractiveOptions, info: ModelInfo, prompts: Prompts) -> None:
        _check_options(options)
        self.options = options
        self.info = info
        self.prompts = prompts
        self.kind = info.kind
        self.name = info.ref.name
        self.writes = info.writes
        self.key = _key(info, options, prompts)
        self.tokenizer: Any = None
        self.model: Any = None
        self.device: Any = None
        self.last_parts = 0  # chunks the last article was cut into (1: it fitted whole)

    # public ---------------------------------------------------------------------------

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
            return _fallback(extractive, [f"model summary failed ({_one_line(error)})"])

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
        if self.kind == "seq2seq":
            return self._seq2seq(title, body)
        return self._causal(title, body)

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` alone, without the special tokens the model adds."""
        return len(self._tokenizer()(text, add_special_tokens=False)["input_ids"])

    @property
    def input_limit(self) -> int:
        """Tokens of article text one seq2seq call takes (specials and prefix excluded)."""
        specials = self._tokenizer().num_special_tokens_to_add()
        prefix = self.count_tokens(self.info.prefix) if self.info.prefix else 0
        return self.info.max_input - specials - prefix

    @property
    def max_new_tokens(self) -> int:
        limit = self.options.max_new_tokens
        if self.kind == "seq2seq" and self.info.learned_positions:
            limit = min(limit, self.info.max_input - 1)  # decoder start token + output
        if self.kind == "causal":
            limit = min(limit, self.info.max_input // 2)
        return max(1, limit)

    def chunks(self, text: str) -> list[str]:
        """How a seq2seq model's input is cut (exposed for tests and --explain)."""
        return chunk_text(text, self.count_tokens, self.input_limit)

    def render_prompt(self, title: str, text: str, part: int = 1, parts: int = 1) -> str:
        """The chat prompt a causal model gets for an article (or one of its parts), as
        text: the user's templates rendered, then the model's chat template applied."""
        variables = self._variables()
        user = self.prompts.user(title=title, text=text, part=part, parts=parts, **variables)
        return self._chat_text(variables, user)

    def load(self) -> None:
        """Load the weights (once); every summary calls this first."""
        if self.model is not None:
            return
        import torch

        self._tokenizer()
        if "OMP_NUM_THREADS" not in os.environ:
            torch.set_num_threads(_usable_cpus())
        self.device = _pick_device(self.options.device)
        self.model = _load_model(self.info)
        self.model.to(self.device)
        self.model.eval()

    def _tokenizer(self) -> Any:
        if self.tokenizer is None:
            self.tokenizer = _load_tokenizer(self.info)
        return self.tokenizer

    # seq2seq --------------------------------------------------------------------------

    def _seq2seq(self, title: str, body: Sequence[str]) -> tuple[str, list[str]]:
        text = "\n".join([title, *body])
        limit = self.input_limit
        chunks = self.chunks(text)
        self.last_parts = len(chunks)
        if len(chunks) == 1:
            return self._seq2seq_call(chunks[0], self.max_new_tokens), []
        partial_tokens = min(self.max_new_tokens, max(1, limit // PARTIALS_PER_INPUT))
        partials = [self._seq2seq_call(chunk, partial_tokens) for chunk in chunks]
        warnings = [
            f"article longer than the summariser's input ({self.count_tokens(text)} tokens, "
            f"limit {limit}): summarised in {len(chunks)} parts, then combined"
        ]
        combined = self._reduce(
            partials,
            warnings,
            fits=lambda group: self.count_tokens(" ".join(group)) <= limit,
            split=lambda text: chunk_text(text, self.count_tokens, limit),
            summarise=lambda group, final: self._seq2seq_call(
                " ".join(group), self.max_new_tokens if final else partial_tokens
            ),
        )
        return combined, warnings

    def _seq2seq_call(self, text: str, new_tokens: int) -> str:
        encoded = self.tokenizer(self.info.prefix + text, return_tensors="pt", truncation=False)
        length = int(encoded["input_ids"].shape[1])
        if length > self.info.max_input:
            raise RuntimeError(
                f"chunk of {length} tokens exceeds the model's {self.info.max_input}"
            )
        generated = self._generate(encoded, new_tokens)
        return _tidy(self.tokenizer.decode(generated[0], skip_special_tokens=True))

    # causal ---------------------------------------------------------------------------

    def _variables(self) -> dict[str, Any]:
        lang = self.writes
        return {
            "language": language_name(lang),
            "language_code": lang,
            "sentences": self.options.sentences,
            "words": self.options.sentences * WORDS_PER_SENTENCE,
        }

    def _causal(self, title: str, body: Sequence[str]) -> tuple[str, list[str]]:
        text = "\n".join(body)
        variables = self._variables()
        context = self.info.max_input - self.max_new_tokens
        # The template's own tokens, rendered with the widest part numbers.
        frame = self.prompts.user(title=title, text="", part=999, parts=999, **variables)
        empty = self._chat(variables, frame)
        budget = context - len(empty) - PROMPT_MARGIN
        if budget < MIN_TEXT_BUDGET:
            raise RuntimeError(
                f"the model's context ({self.info.max_input} tokens) leaves no room for the article"
            )
        if self.count_tokens(text) <= budget:
            self.last_parts = 1
            prompt = self.prompts.user(title=title, text=text, part=1, parts=1, **variables)
            return self._causal_call(self._chat(variables, prompt), self.max_new_tokens), []

        chunks = chunk_text(text, self.count_tokens, budget)
        self.last_parts = len(chunks)
        partial_tokens = min(self.max_new_tokens, max(1, budget // PARTIALS_PER_INPUT))
        partials = []
        for number, chunk in enumerate(chunks, 1):
            prompt = self.prompts.user(
                title=title, text=chunk, part=number, parts=len(chunks), **variables
            )
            partials.append(self._causal_call(self._chat(variables, prompt), partial_tokens))
        warnings = [
            f"article longer than the summariser's context ({self.count_tokens(text)} tokens, "
            f"room for {budget}): summarised in {len(chunks)} parts, then combined"
        ]

        def combined(group: list[str]) -> list[int]:
            prompt = self.prompts.combine(title=title, summaries=group, **variables)
            return self._chat(variables, prompt)

        text_out = self._reduce(
            partials,
            warnings,
            fits=lambda group: len(combined(group)) <= context,
            split=lambda text: chunk_text(text, self.count_tokens, budget),
            summarise=lambda group, final: self._causal_call(
                combined(group), self.max_new_tokens if final else partial_tokens
            ),
        )
        return text_out, warnings

    def _chat_text(self, variables: dict[str, Any], user: str) -> str:
        system = self.prompts.system(**variables)
        messages = [{"role": "system", "content": system}] if system else []
        messages.append({"role": "user", "content": user})
        return _apply_chat_template(self._tokenizer(), messages)

    def _chat(self, variables: dict[str, Any], user: str) -> list[int]:
        """Token ids of the chat prompt, ending where the assistant's answer starts."""
        rendered = self._chat_text(variables, user)
        return list(self._tokenizer()(rendered, add_special_tokens=False)["input_ids"])

    def _causal_call(self, ids: list[int], new_tokens: int) -> str:
        import torch

        if len(ids) + new_tokens > self.info.max_input:
            raise RuntimeError(
                f"prompt of {len(ids)} tokens leaves no room to answer in {self.info.max_input}"
            )
        input_ids = torch.tensor([ids], dtype=torch.long)
        encoded = {"input_ids": input_ids, "attention_mask": torch.ones_like(input_ids)}
        generated = self._generate(encoded, new_tokens)
        return _tidy(self.tokenizer.decode(generated[0][len(ids) :], skip_special_tokens=True))

    # shared ---------------------------------------------------------------------------

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
                f"the {len(partials)} partial summaries were too long to combine; joined in order"
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


def load_summarizer(options: AbstractiveOptions) -> ModelSummarizer:
    """A summariser for ``options.model``; the weights load on the first summary."""
    _check_options(options)
    info = inspect_model(options)
    return ModelSummarizer(options, info, load_prompts(options.prompts_dir))


# --- results ------------------------------------------------------------------------------


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


def summary_to_cache(s: Summary) -> str:
    """A model summary as JSON for the cache. Key points are not stored: they are the
    extractive ones, recomputed each run. A summary whose Italian side is the extractive
    one stores ``null`` there, so it follows the extractive settings of the run."""
    model_written = s.method.startswith("model:") and s.summary_target is None
    data = {
        "format": CACHE_FORMAT,
        "method": s.method,
        "summary": list(s.summary) if model_written else None,
        "summary_target": s.summary_target if s.method.startswith("model:") else None,
        "warnings": list(s.warnings),
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


def summary_from_cache(text: str, extractive: Summary) -> Summary:
    """The Summary :func:`summary_to_cache` stored, completed with this run's extractive
    key points (and Italian summary where the model wrote none)."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        raise ValueError("not a cached summary of this format")
    warnings = list(extractive.warnings)
    warnings += [w for w in data.get("warnings") or [] if w not in warnings]
    method = str(data.get("method") or extractive.method)
    if not method.startswith("model:"):
        return Summary(
            key_points=list(extractive.key_points),
            summary=list(extractive.summary),
            method=extractive.method,
            summary_target=extractive.summary_target,
            warnings=warnings,
        )
    summary = data.get("summary")
    return Summary(
        key_points=list(extractive.key_points),
        summary=list(summary) if summary is not None else list(extractive.summary),
        method=method,
        summary_target=data.get("summary_target"),
        warnings=warnings,
    )


# --- helpers --------------------------------------------------------------------------

_THINK = re.compile(r"<think>.*?</think>", re.DOTALL)
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)]|#+)\s+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _tidy(text: str) -> str:
    """One paragraph of prose: no reasoning block, list markers, headings, control
    characters or extra space."""
    # U+FFFD: bytes of a byte-level BPE that do not form a character, never meaningful
    text = _CONTROL.sub("", _THINK.sub(" ", text)).replace("\ufffd", "")
    text = text.split("</think>")[-1]  # a reasoning block whose opening tag was in the prompt
    lines = [_LIST_MARK.sub("", line).strip() for line in text.splitlines()]
    return " ".join(" ".join(line for line in lines if line).split())


def _apply_chat_template(tokenizer: Any, messages: list[dict[str, str]]) -> str:
    from jinja2 import TemplateError

    kwargs = {"tokenize": False, "add_generation_prompt": True, "enable_thinking": False}
    try:
        return str(tokenizer.apply_chat_template(messages, **kwargs))
    except TemplateError:
        if messages[0]["role"] != "system":
            raise
    # Some templates (Gemma, early Mistral) reject a system role: fold it into the user turn.
    merged = f"{messages[0]['content']}\n\n{messages[1]['content']}"
    return str(tokenizer.apply_chat_template([{"role": "user", "content": merged}], **kwargs))


def _load_tokenizer(info: ModelInfo) -> Any:
    from transformers import AutoTokenizer

    _silence_transformers()
    try:
        return AutoTokenizer.from_pretrained(info.ref.path)
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ModelUnavailable(
            f"summariser {info.ref.name} in {info.ref.path}: its tokenizer cannot be loaded "
            f"by transformers: {_one_line(error)}"
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
            f"{_one_line(error)}"
        ) from error
    logger.info("loaded summariser %s (%s)", info.ref.name, info.kind)
    return model


def _pick_device(name: str) -> Any:
    import torch

    name = (name or "cpu").strip().lower()
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ModelUnavailable(f"--device {name}: torch sees no CUDA device here; use cpu")
    return torch.device(name)


def _usable_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _silence_transformers() -> None:
    """The CLI owns the terminal: no transformers warnings, no progress bars."""
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= 160 else text[:157] + "..."
