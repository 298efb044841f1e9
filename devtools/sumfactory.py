"""Build summarisation models locally, in the layout a Hugging Face download has.

The abstractive summariser accepts two kinds of model: a sequence-to-sequence one
(BART here) and an instruction-tuned causal one with a chat template (Qwen2-shaped
here). Machines here reach no model hub, so tests and the benchmark build both with
random weights and a byte-level BPE tokenizer trained on our sample text, and load them
through the same ``from_pretrained`` path a user's download takes. The output is
nonsense; files, shapes, speed and memory are those of the real architectures
(``size="full"``):

- seq2seq "full" = ``morenolq/bart-it-fanpage`` (BART-IT, base size: d_model 768, 6+6
  layers, 12 heads, FFN 3072, vocabulary 52,000, 1,024 positions, ~140M parameters),
  an Italian BART fine-tuned on Fanpage news summaries;
- causal "full" = ``Qwen/Qwen2.5-0.5B-Instruct`` (hidden 896, 24 layers, 14 query and 2
  key/value heads, MLP 4,864, vocabulary 151,936, tied embeddings, ~494M parameters).

``python -m devtools.sumfactory`` builds the full models under ``.bench/`` and prints
seconds per article on the seeds (see :func:`bench_seconds_per_article`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from summarize.runtime.folders import publish_folder, read_marker

logger = logging.getLogger(__name__)

Size = Literal["tiny", "full"]

# Bumped whenever the files written change, so a cached build is never reused stale.
FACTORY_VERSION = 1
MARKER = "brief-sumfactory.json"
SEED = 1234

# The benchmark's fixed output length: 120 new tokens is about 90 Italian words, a
# three-sentence summary. Full-size builds force exactly this many (min_new_tokens) so
# every article costs the same decoding work whatever the random weights emit.
BENCH_NEW_TOKENS = 120


@dataclass(frozen=True)
class _Seq2SeqShape:
    d_model: int
    layers: int
    heads: int
    ffn: int
    vocab_size: int  # model rows; the trained tokenizer uses the first ones
    bpe_vocab: int
    max_positions: int
    init_std: float
    min_new_tokens: int


@dataclass(frozen=True)
class _CausalShape:
    hidden: int
    layers: int
    heads: int
    kv_heads: int
    mlp: int
    vocab_size: int
    bpe_vocab: int
    max_positions: int
    init_std: float
    min_new_tokens: int


# Tiny shapes: the smallest that exercise every layer type. Their 128/768 positions are
# below the seeds' length (with the prompt), so the tests see chunking. Weights at std 0.3 make the
# output depend on the input (at 0.02 every input decodes to the same string).
# The full BPE vocabulary (1,000 pieces) was set on the seeds so that they come out at
# ~1.4 pieces per word, close to what the real models' tokenizers give Italian news
# (a BPE trained on two articles with a large vocabulary learns whole words and would
# make the benchmark's inputs unrealistically short).
SEQ2SEQ_SHAPES: dict[str, _Seq2SeqShape] = {
    "tiny": _Seq2SeqShape(
        d_model=32, layers=2, heads=2, ffn=64, vocab_size=0, bpe_vocab=1000,
        max_positions=128, init_std=0.3, min_new_tokens=4,
    ),
    "full": _Seq2SeqShape(
        d_model=768, layers=6, heads=12, ffn=3072, vocab_size=52_000, bpe_vocab=1500,
        max_positions=1024, init_std=0.02, min_new_tokens=BENCH_NEW_TOKENS,
    ),
}  # fmt: skip
CAUSAL_SHAPES: dict[str, _CausalShape] = {
    "tiny": _CausalShape(
        hidden=32, layers=2, heads=4, kv_heads=2, mlp=64, vocab_size=0, bpe_vocab=1000,
        max_positions=768, init_std=0.3, min_new_tokens=4,
    ),
    "full": _CausalShape(
        hidden=896, layers=24, heads=14, kv_heads=2, mlp=4864, vocab_size=151_936,
        bpe_vocab=1500, max_positions=32_768, init_std=0.02, min_new_tokens=BENCH_NEW_TOKENS,
    ),
}  # fmt: skip

# Random weights never stop on their own and happily repeat a token forever; in the tiny
# models a ban on repeated bigrams keeps the output a bounded, loop-free string, so the
# tests exercise the path where a model summary is kept (the loop path is tested with a
# model whose settings force one).
TINY_NO_REPEAT_NGRAM = 2

_BART_SPECIALS = ["<s>", "<pad>", "</s>", "<unk>", "<mask>"]
_CHATML_SPECIALS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]

# The ChatML template of Qwen2.5-Instruct without its tool-calling branches.
CHATML_TEMPLATE = (
    "{%- if messages[0]['role'] != 'system' %}"
    "{{- '<|im_start|>system\\nYou are a helpful assistant.<|im_end|>\\n' }}"
    "{%- endif %}"
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)


def build_seq2seq(dest: Path, size: Size, corpus: Iterable[str]) -> Path:
    """Write a random-weight BART summariser under ``dest`` and return ``dest``.

    A folder already holding the same build is reused (the full model is ~560 MB).
    """
    if size not in SEQ2SEQ_SHAPES:
        raise ValueError(f"unknown model size {size!r}; choose one of {sorted(SEQ2SEQ_SHAPES)}")
    return _build(Path(dest), "seq2seq", size, corpus, _write_bart)


def build_causal(dest: Path, size: Size, corpus: Iterable[str]) -> Path:
    """Write a random-weight Qwen2-shaped instruction model (with a ChatML chat template)
    under ``dest`` and return ``dest``."""
    if size not in CAUSAL_SHAPES:
        raise ValueError(f"unknown model size {size!r}; choose one of {sorted(CAUSAL_SHAPES)}")
    return _build(Path(dest), "causal", size, corpus, _write_qwen2)


# --- building -----------------------------------------------------------------------------


def _build(
    dest: Path,
    kind: str,
    size: str,
    corpus: Iterable[str],
    write: Callable[[Path, str, list[str]], None],
) -> Path:
    lines = [line.strip() for text in corpus for line in text.splitlines() if line.strip()]
    if not lines:
        raise ValueError("the corpus for the tokenizer is empty")
    shape = (SEQ2SEQ_SHAPES if kind == "seq2seq" else CAUSAL_SHAPES)[size]
    settings = f"{FACTORY_VERSION}\0{kind}\0{shape}\0{SEED}\0{CHATML_TEMPLATE}\0"
    digest = hashlib.sha256(settings.encode())
    for line in lines:
        digest.update(line.encode() + b"\n")
    fingerprint = digest.hexdigest()
    if _matches(dest, fingerprint):
        logger.debug("reusing the %s %s model in %s", size, kind, dest)
        return dest
    from summarize.runtime.environment import silence_transformers

    silence_transformers()

    def build(tmp: Path) -> None:
        write(tmp, size, lines)
        _write_json(tmp / MARKER, {"fingerprint": fingerprint, "kind": kind, "size": size})

    return publish_folder(dest, build, lambda folder: _matches(folder, fingerprint))


def _matches(dest: Path, fingerprint: str) -> bool:
    marker = read_marker(dest / MARKER)
    return marker.get("fingerprint") == fingerprint and (dest / "model.safetensors").is_file()


def _train_bpe(lines: list[str], vocab: int, specials: list[str]) -> Any:
    """A byte-level BPE (the GPT-2/BART/Qwen scheme): every byte has a piece, so any text
    can be encoded, and nothing maps to an unknown token."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    from devtools.modelfactory import variations

    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab,
        special_tokens=specials,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tokenizer.train_from_iterator(lines + variations(lines, SEED), trainer)
    return tokenizer


def _save_tokenizer(folder: Path, tokenizer: Any, extra: dict[str, Any], **tokens: str) -> None:
    from transformers import PreTrainedTokenizerFast

    fast = PreTrainedTokenizerFast(tokenizer_object=tokenizer, **tokens)
    fast.save_pretrained(folder)
    config_path = folder / "tokenizer_config.json"
    config = json.loads(config_path.read_text(encoding="utf-8"))
    config.update(extra)
    config["tokenizer_class"] = "PreTrainedTokenizerFast"  # loads in transformers 4 and 5
    _write_json(config_path, config)


def _write_bart(folder: Path, size: str, lines: list[str]) -> None:
    import torch
    from tokenizers import processors
    from transformers import BartConfig, BartForConditionalGeneration, GenerationConfig

    shape = SEQ2SEQ_SHAPES[size]
    tokenizer = _train_bpe(lines, shape.bpe_vocab, _BART_SPECIALS)
    bos, pad, eos, unk, mask = (tokenizer.token_to_id(t) for t in _BART_SPECIALS)
    tokenizer.post_processor = processors.RobertaProcessing(("</s>", eos), ("<s>", bos))
    _save_tokenizer(
        folder,
        tokenizer,
        {"model_max_length": shape.max_positions},
        bos_token="<s>",
        eos_token="</s>",
        pad_token="<pad>",
        unk_token="<unk>",
        mask_token="<mask>",
    )
    vocab = max(shape.vocab_size, tokenizer.get_vocab_size())
    config = BartConfig(
        vocab_size=vocab,
        d_model=shape.d_model,
        encoder_layers=shape.layers,
        decoder_layers=shape.layers,
        encoder_attention_heads=shape.heads,
        decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn,
        decoder_ffn_dim=shape.ffn,
        max_position_embeddings=shape.max_positions,
        activation_function="gelu",
        init_std=shape.init_std,
        bos_token_id=bos,
        pad_token_id=pad,
        eos_token_id=eos,
        decoder_start_token_id=eos,
        forced_bos_token_id=bos,
        forced_eos_token_id=eos,
        is_encoder_decoder=True,
        architectures=["BartForConditionalGeneration"],
    )
    # Ids the trained tokenizer does not have (the full model's 52,000 rows) and the
    # specials that decode to nothing are never generated.
    unused = [pad, unk, mask, *range(tokenizer.get_vocab_size(), vocab)]
    generation = GenerationConfig(
        bos_token_id=bos,
        pad_token_id=pad,
        eos_token_id=eos,
        decoder_start_token_id=eos,
        forced_bos_token_id=bos,
        forced_eos_token_id=eos,
        min_new_tokens=shape.min_new_tokens,
        no_repeat_ngram_size=TINY_NO_REPEAT_NGRAM if size == "tiny" else 0,
        suppress_tokens=unused if size == "tiny" else [pad, unk, mask],
        num_beams=1,
    )
    torch.manual_seed(SEED)
    model = BartForConditionalGeneration(config)
    model.generation_config = generation
    model.save_pretrained(folder)
    logger.info("built a %s BART with %d parameters", size, model.num_parameters())


def _write_qwen2(folder: Path, size: str, lines: list[str]) -> None:
    import torch
    from transformers import GenerationConfig, Qwen2Config, Qwen2ForCausalLM

    shape = CAUSAL_SHAPES[size]
    tokenizer = _train_bpe(lines, shape.bpe_vocab, _CHATML_SPECIALS)
    endoftext, im_start, im_end = (tokenizer.token_to_id(t) for t in _CHATML_SPECIALS)
    _save_tokenizer(
        folder,
        tokenizer,
        {"model_max_length": shape.max_positions, "chat_template": CHATML_TEMPLATE},
        eos_token="<|im_end|>",
        pad_token="<|endoftext|>",
    )
    vocab = max(shape.vocab_size, tokenizer.get_vocab_size())
    config = Qwen2Config(
        vocab_size=vocab,
        hidden_size=shape.hidden,
        intermediate_size=shape.mlp,
        num_hidden_layers=shape.layers,
        num_attention_heads=shape.heads,
        num_key_value_heads=shape.kv_heads,
        max_position_embeddings=shape.max_positions,
        initializer_range=shape.init_std,
        rms_norm_eps=1e-6,
        tie_word_embeddings=True,
        bos_token_id=endoftext,
        eos_token_id=im_end,
        pad_token_id=endoftext,
        architectures=["Qwen2ForCausalLM"],
    )
    unused = [im_start, *range(tokenizer.get_vocab_size(), vocab)]
    generation = GenerationConfig(
        bos_token_id=endoftext,
        eos_token_id=[im_end, endoftext],
        pad_token_id=endoftext,
        min_new_tokens=shape.min_new_tokens,
        no_repeat_ngram_size=TINY_NO_REPEAT_NGRAM if size == "tiny" else 0,
        suppress_tokens=unused if size == "tiny" else [im_start],
    )
    torch.manual_seed(SEED)
    model = Qwen2ForCausalLM(config)
    model.generation_config = generation
    model.save_pretrained(folder)
    logger.info("built a %s Qwen2 with %d parameters", size, model.num_parameters())


def _write_json(path: Path, data: object) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())


# --- benchmark ----------------------------------------------------------------------------

# The real models each full-size build stands for, and their download sizes (BART-IT
# ships fp32 weights, Qwen bf16; both run in fp32 here, about 4 bytes per parameter).
REAL_MODELS: dict[str, tuple[str, str]] = {
    "seq2seq": ("morenolq/bart-it-fanpage", "BART-IT base, ~140M parameters, ~560 MB"),
    "causal": ("Qwen/Qwen2.5-0.5B-Instruct", "Qwen2.5 0.5B Instruct, ~494M parameters, ~990 MB"),
}


@dataclass
class BenchResult:
    """Timings of one full-size architecture on the benchmark articles at one thread count."""

    kind: str
    stands_for: str
    parameters: int
    threads: int
    build_seconds: float
    load_seconds: float
    seconds_per_article: float
    per_article: list[dict[str, Any]]
    rss_mb: float
    load_average: tuple[float, float]  # 1-minute load average before and after


def bench_seconds_per_article(
    root: Path | None = None,
    articles_dir: Path | None = None,
    kinds: Iterable[str] = ("seq2seq", "causal"),
    threads: Iterable[int] = (1, 2),
    new_tokens: int = BENCH_NEW_TOKENS,
    target_lang: str = "en",
) -> list[BenchResult]:
    """Seconds per article of the full-size random models on the seeds, greedy decoding
    of exactly ``new_tokens`` tokens (the models force that length), model load excluded.

    The models are built once under ``root`` (default ``.bench/`` in the repository) and
    reused. Each article goes through :meth:`ModelSummarizer.generate`, so chunking,
    prompt rendering and map-reduce cost what they cost in a real run. Every thread
    count is measured in turn: on a machine whose other core is busy, two torch threads
    can be several times slower than one, so the load average is recorded too.
    """
    import psutil
    import torch

    from summarize.cleaning.clean import clean
    from summarize.inputs.sources import find_inputs, read_document
    from summarize.summaries.abstractive import AbstractiveOptions, load_summarizer

    repo = Path(__file__).resolve().parent.parent
    root = Path(root) if root else repo / ".bench"
    articles_dir = Path(articles_dir) if articles_dir else repo / "seeds"
    candidates, errors = find_inputs([articles_dir])
    if errors or not candidates:
        raise ValueError(f"no benchmark articles in {articles_dir}")
    articles = [clean(read_document(c)) for c in candidates]
    corpus = [read_document(c).text for c in candidates]
    builders = {"seq2seq": build_seq2seq, "causal": build_causal}

    results = []
    for kind in kinds:
        started = time.perf_counter()
        folder = builders[kind](root / f"full-{kind}", "full", corpus)
        built = time.perf_counter() - started
        options = AbstractiveOptions(
            model=str(folder), target_lang=target_lang, max_new_tokens=new_tokens
        )
        summarizer = load_summarizer(options)
        started = time.perf_counter()
        summarizer.load()
        loaded = time.perf_counter() - started
        for count in threads:
            torch.set_num_threads(count)
            load_before = os.getloadavg()[0]
            rows = []
            for article in articles:
                body = article.body_lines()
                text = "\n".join([article.title, *body])
                started = time.perf_counter()
                summarizer.generate(article.title, body)
                seconds = time.perf_counter() - started
                rows.append(
                    {
                        "source": Path(article.source).name,
                        "words": len(text.split()),
                        "input_tokens": summarizer.count_tokens(text),
                        "parts": summarizer.last_parts,
                        "seconds": round(seconds, 2),
                    }
                )
            results.append(
                BenchResult(
                    kind=kind,
                    stands_for=" ".join(REAL_MODELS[kind]),
                    parameters=summarizer.model.num_parameters(),
                    threads=count,
                    build_seconds=round(built, 1),
                    load_seconds=round(loaded, 1),
                    seconds_per_article=round(sum(r["seconds"] for r in rows) / len(rows), 2),
                    per_article=rows,
                    rss_mb=round(psutil.Process().memory_info().rss / 2**20),
                    load_average=(round(load_before, 2), round(os.getloadavg()[0], 2)),
                )
            )
        del summarizer
    return results


def main(argv: list[str] | None = None) -> int:
    """``python -m devtools.sumfactory [seq2seq|causal ...] [--threads 1,2]``: run the
    benchmark and print its report as JSON."""
    from dataclasses import asdict

    args = list(argv if argv is not None else sys.argv[1:])
    threads = [1, 2]
    if "--threads" in args:
        at = args.index("--threads")
        threads = [int(n) for n in args[at + 1].split(",")]
        del args[at : at + 2]
    kinds = args or ["seq2seq", "causal"]
    started = time.time()
    results = bench_seconds_per_article(kinds=kinds, threads=threads)
    report = {
        "machine": {"cpus": os.cpu_count()},
        "new_tokens": BENCH_NEW_TOKENS,
        "decoding": "greedy, beams 1, fp32, transformers, batch 1",
        "results": [asdict(result) for result in results],
        "wall_seconds": round(time.time() - started, 1),
    }
    sys.stdout.write(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
