"""What a summarisation model is, read from its JSON files without torch.

Two kinds of model are supported, told apart by their ``config.json`` (never by name):
sequence-to-sequence summarisers (BART, T5, mT5, IT5, Pegasus, ...) and causal
instruction models with a chat template (Qwen, Llama, Mistral, ...). The cache key of a
model's summaries (:func:`summary_key`) is made here too, from the same files.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarize.errors import ModelUnavailable
from summarize.runtime.modelfiles import read_model_file
from summarize.runtime.models import SOURCE_LANG, ModelRef, read_json, resolve_placed
from summarize.summaries.options import AbstractiveOptions

# Bumped when chunking, prompting or post-processing changes, since that changes output
# and so must miss the summary cache.
SUMMARY_SCHEME = 1
# Input limit when neither the tokenizer nor the config states one: 512 tokens is what
# T5-family models (IT5, mT5) were trained on.
DEFAULT_INPUT_LIMIT = 512
# Tokenizers without a limit report a huge sentinel (transformers' VERY_LARGE_INTEGER).
_NO_LIMIT = 1_000_000_000


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
_TOKENIZER_FILE_SETS = (
    ("tokenizer.json",),
    ("vocab.json", "merges.txt"),
    ("spiece.model",),
    ("sentencepiece.bpe.model",),
    ("tokenizer.model",),
    ("source.spm",),
)


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
    config = read_json(ref.path / "config.json")
    tokenizer_config = read_json(ref.path / "tokenizer_config.json")
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
    """The summariser's files, found or fetched: config, weights, tokenizer and chat
    template (the summariser file set of ``runtime.models``). A missing model is a
    problem of the summariser setting, not of the translation model's."""
    try:
        return resolve_placed(options.model, options.placement, "summarizer")
    except ModelUnavailable as error:
        if error.setting != "model":
            raise
        raise ModelUnavailable(
            f"summariser {error}", setting="summarizer", download=error.download
        ) from error


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
        return read_model_file(jinja).decode("utf-8")
    data = read_json(folder / "chat_template.json").get("chat_template")
    return data if isinstance(data, str) else ""


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def summary_key(info: ModelInfo, options: AbstractiveOptions, prompts_digest: str | None) -> str:
    """Everything that changes a model summary, as one stable string (the cache key): model
    identity, kind, decoding settings and, for chat models, the prompt templates."""
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
    if info.kind == "causal" and prompts_digest is not None:
        parts += [f"prompts={prompts_digest}", f"chat={info.chat_digest}"]
    return "summary|" + "|".join(parts)
