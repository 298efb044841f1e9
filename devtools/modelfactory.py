"""Build MarianMT models locally, in the exact layout a Hugging Face download has.

Machines here reach no model hub, so tests and the benchmark cannot fetch
``Helsinki-NLP/opus-mt-it-en``. Instead they build a model with random weights and a
SentencePiece vocabulary trained on our own sample text, and load it through the same
``from_pretrained`` path a user's download takes. The output is nonsense; its shapes,
files, speed and memory are those of the real thing (``size="full"``).
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from summarize.runtime.folders import publish_folder, read_marker

logger = logging.getLogger(__name__)

Size = Literal["tiny", "full"]

# Bumped whenever the files written change, so a cached build is never reused stale.
FACTORY_VERSION = 2
MARKER = "brief-factory.json"
SEED = 1234


@dataclass(frozen=True)
class _Shape:
    d_model: int
    layers: int
    heads: int
    ffn: int
    # None: the vocabulary is exactly the SentencePiece pieces plus <pad>.
    vocab_size: int | None
    spm_vocab: int
    # Weight scale. Random weights at opus-mt's 0.02 decode every input of the tiny model
    # to the same string; at 0.3 outputs differ by input, which alignment tests need.
    init_std: float


# "full" copies Helsinki-NLP/opus-mt-it-en's config.json; "tiny" is the smallest shape
# that still exercises every layer type, so a test session builds it in about a second.
SHAPES: dict[str, _Shape] = {
    "tiny": _Shape(
        d_model=32, layers=2, heads=2, ffn=64, vocab_size=None, spm_vocab=1000, init_std=0.3
    ),
    "full": _Shape(
        d_model=512, layers=6, heads=8, ffn=2048, vocab_size=80_035, spm_vocab=32_000, init_std=0.02
    ),
}
MAX_POSITIONS = 512
NUM_BEAMS = 4

# Make sure every character a news text can hold has a piece, even if the corpus lacks it.
_ALPHABET = (
    "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 "
    "àèéìíòóùú ÀÈÉÌÒÙ .,;:!?'\"()[]{}-–—/%€$&@#*+=<>«»“”‘’… _|"
)


def build_marian(dest: Path, size: Size, corpus: Iterable[str]) -> Path:
    """Write a random-weight MarianMT model under ``dest`` and return ``dest``.

    A folder already holding the same build (same size, corpus and factory version)
    is reused, which lets a benchmark keep its 300 MB full-size model between runs.
    The build happens in a sibling temporary folder renamed into place, so parallel
    sessions never see (or leave) a half-written model.
    """
    if size not in SHAPES:
        raise ValueError(f"unknown model size {size!r}; choose one of {sorted(SHAPES)}")
    dest = Path(dest)
    lines = _corpus_lines(corpus)
    if not lines:
        raise ValueError("the corpus for the SentencePiece model is empty")
    fingerprint = _build_fingerprint(size, lines)
    if _matches(dest, fingerprint):
        logger.debug("reusing the %s Marian model in %s", size, dest)
        return dest

    def build(tmp: Path) -> None:
        _write_model(tmp, SHAPES[size], lines)
        (tmp / MARKER).write_text(json.dumps({"fingerprint": fingerprint, "size": size}) + "\n")

    return publish_folder(dest, build, lambda folder: _matches(folder, fingerprint))


def _corpus_lines(corpus: Iterable[str]) -> list[str]:
    lines: list[str] = []
    for text in corpus:
        lines.extend(line.strip() for line in text.splitlines() if line.strip())
    return lines


def _build_fingerprint(size: str, lines: list[str]) -> str:
    digest = hashlib.sha256(f"{FACTORY_VERSION}\0{size}\0{SEED}\0".encode())
    for line in lines:
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _matches(dest: Path, fingerprint: str) -> bool:
    marker = read_marker(dest / MARKER)
    return marker.get("fingerprint") == fingerprint and (dest / "model.safetensors").is_file()


def variations(lines: list[str], seed: int = SEED) -> list[str]:
    """Deterministic variants of the corpus, so the vocabulary also covers text it has not
    seen verbatim: shuffled words, other numbers, other casing."""
    rng = random.Random(seed)
    out: list[str] = [_ALPHABET]
    for line in lines:
        words = line.split()
        shuffled = words[:]
        rng.shuffle(shuffled)
        out.append(" ".join(shuffled))
        out.append(re.sub(r"\d+", lambda _: str(rng.randint(0, 99_999)), line))
        out.append(line.lower() if rng.random() < 0.5 else line.upper())
    return out


def _train_spm(lines: list[str], vocab_size: int) -> bytes:
    import sentencepiece as spm

    buffer = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines + variations(lines)),
        model_writer=buffer,
        model_type="unigram",
        vocab_size=vocab_size,
        hard_vocab_limit=False,  # a small corpus yields fewer pieces than asked: fine
        character_coverage=1.0,
        num_threads=1,  # one thread keeps the piece list identical from build to build
        minloglevel=2,
    )
    return buffer.getvalue()


def _vocab(pieces: list[str], vocab_size: int | None) -> dict[str, int]:
    """Marian's vocab.json: ``</s>`` 0, ``<unk>`` 1, the pieces, filler, ``<pad>`` last."""
    vocab = {"</s>": 0, "<unk>": 1}
    for piece in pieces:
        if piece not in vocab and piece != "<s>":
            vocab[piece] = len(vocab)
    if vocab_size is not None:
        if len(vocab) + 1 > vocab_size:
            raise ValueError(f"{len(vocab)} pieces do not fit a vocabulary of {vocab_size}")
        filler = 0
        while len(vocab) < vocab_size - 1:
            # Word-like pieces, so a random model's output decodes to words, as a real one's.
            name = f"\u2581w{filler:05d}"
            if name not in vocab:
                vocab[name] = len(vocab)
            filler += 1
    vocab["<pad>"] = len(vocab)
    return vocab


def _write_model(folder: Path, shape: _Shape, lines: list[str]) -> None:
    import sentencepiece as spm
    import torch
    from transformers import GenerationConfig, MarianConfig, MarianMTModel
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # library code never draws on the terminal

    proto = _train_spm(lines, shape.spm_vocab)
    processor = spm.SentencePieceProcessor(model_proto=proto)
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocab = _vocab(pieces, shape.vocab_size)
    size = len(vocab)
    pad = size - 1

    (folder / "source.spm").write_bytes(proto)
    (folder / "target.spm").write_bytes(proto)
    _write_json(folder / "vocab.json", vocab)
    _write_json(
        folder / "tokenizer_config.json",
        {
            "tokenizer_class": "MarianTokenizer",
            "source_lang": "it",
            "target_lang": "en",
            "model_max_length": MAX_POSITIONS,
            "separate_vocabs": False,
            "unk_token": "<unk>",
            "eos_token": "</s>",
            "pad_token": "<pad>",
        },
    )
    _write_json(
        folder / "special_tokens_map.json",
        {"eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>"},
    )

    config = MarianConfig(
        vocab_size=size,
        decoder_vocab_size=size,
        d_model=shape.d_model,
        encoder_layers=shape.layers,
        decoder_layers=shape.layers,
        encoder_attention_heads=shape.heads,
        decoder_attention_heads=shape.heads,
        encoder_ffn_dim=shape.ffn,
        decoder_ffn_dim=shape.ffn,
        activation_function="swish",
        max_position_embeddings=MAX_POSITIONS,
        scale_embedding=True,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
        pad_token_id=pad,
        decoder_start_token_id=pad,
        eos_token_id=0,
        bos_token_id=0,
        forced_eos_token_id=0,
        dropout=0.1,
        init_std=shape.init_std,
        architectures=["MarianMTModel"],
    )
    generation = GenerationConfig(
        bad_words_ids=[[pad]],
        bos_token_id=0,
        decoder_start_token_id=pad,
        eos_token_id=0,
        forced_eos_token_id=0,
        pad_token_id=pad,
        max_length=MAX_POSITIONS,
        num_beams=NUM_BEAMS,
        renormalize_logits=True,
    )
    torch.manual_seed(SEED)
    model = MarianMTModel(config)
    model.generation_config = generation
    model.save_pretrained(folder, safe_serialization=True)
    n_params = sum(p.numel() for p in model.parameters())
    logger.info("built a Marian model with %d parameters in %s", n_params, folder)


def _write_json(path: Path, data: object) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
        handle.flush()
        os.fsync(handle.fileno())
