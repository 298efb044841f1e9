from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from summarize.cli import describe
from summarize.errors import EngineUnavailable
from summarize.language.chunker import split_long
from summarize.records import Translation
from summarize.runtime.models import ModelRef, resolve_model
from summarize.translation.base import (
    input_token_limit,
    join_parts,
    length_batches,
    max_new_tokens,
    translate_texts,
)
from summarize.translation.translate import (
    TranslateOptions,
    Translator,
    decoding_key,
    load_translator,
)


def words(text: str) -> int:
    return len(text.split())


def normalised(text: str) -> str:
    return " ".join(text.split())


SEED_SENTENCE = (
    "Il ministro della Difesa russo Andrei Belousov e il segretario del Pentagono Lloyd "
    "Austin hanno tenuto ieri un colloquio telefonico in merito alla situazione sul campo"
)


# --- split_long ----------------------------------------------------------------------


def test_a_short_text_is_not_split() -> None:
    assert split_long("  Una frase breve.  ", words, 10) == ["Una frase breve."]
    assert split_long("   ", words, 10) == []


def test_a_long_text_is_cut_at_the_strongest_boundary_first() -> None:
    text = "uno due tre, quattro cinque; sei sette, otto nove dieci"
    assert split_long(text, words, 6) == [
        "uno due tre, quattro cinque;",
        "sei sette, otto nove dieci",
    ]


def test_parts_are_packed_back_up_to_the_limit() -> None:
    text = "a1 a2, b1 b2, c1 c2, d1 d2, e1 e2"
    assert split_long(text, words, 4) == ["a1 a2, b1 b2,", "c1 c2, d1 d2,", "e1 e2"]


def test_conjunctions_then_words_are_the_last_boundaries() -> None:
    text = "la guerra continua e il ministro parla ma nessuno ascolta"
    assert split_long(text, words, 4) == [
        "la guerra continua",
        "e il ministro parla",
        "ma nessuno ascolta",
    ]
    assert split_long("uno due tre quattro cinque", words, 2) == [
        "uno due",
        "tre quattro",
        "cinque",
    ]


def test_a_single_word_longer_than_the_limit_is_cut_into_characters() -> None:
    def chars(text: str) -> int:
        return len(text)

    parts = split_long("x" * 50, chars, 8)
    assert all(len(part) <= 8 for part in parts)
    assert "".join(parts) == "x" * 50


@pytest.mark.parametrize("limit", [3, 7, 20, 60])
def test_splitting_never_loses_text_and_respects_the_limit(limit: int) -> None:
    text = " ".join(
        [SEED_SENTENCE + ", e anche" if i % 3 else SEED_SENTENCE + ";" for i in range(12)]
    )
    parts = split_long(text, words, limit)
    assert len(parts) > 1
    assert all(words(part) <= limit for part in parts)
    assert normalised(" ".join(parts)) == normalised(text)


def test_the_input_limit_leaves_room_for_the_whole_output() -> None:
    limit = input_token_limit(512)
    # source pieces + </s> fit the encoder, and the output budget fits the decoder
    assert limit + 1 <= 512
    assert max_new_tokens(limit + 1, 512) < 512
    assert max_new_tokens(limit + 1, 512) == pytest.approx(1.5 * (limit + 1) + 10, abs=1)


def test_join_parts_keeps_order_and_skips_blanks() -> None:
    assert join_parts([" one,", "", "two "]) == "one, two"


# --- length_batches ------------------------------------------------------------------


def test_batches_fit_the_padded_budget_and_cover_every_item_once() -> None:
    lengths = [5, 40, 3, 22, 17, 9, 40, 1, 30, 12]
    batches = length_batches(list(range(10)), lengths, max_batch_tokens=60, max_batch_size=8)
    assert sorted(i for batch in batches for i in batch) == list(range(10))
    for batch in batches:
        assert max(lengths[i] for i in batch) * len(batch) <= 60 or len(batch) == 1
    order = [lengths[i] for batch in batches for i in batch]
    assert order == sorted(lengths, reverse=True)


def test_batch_size_is_capped_and_an_oversized_item_travels_alone() -> None:
    batches = length_batches(["x"] * 10, [1] * 10, max_batch_tokens=1000, max_batch_size=4)
    assert [len(b) for b in batches] == [4, 4, 2]
    assert length_batches(["a", "b"], [500, 2], max_batch_tokens=100) == [[0], [1]]


def test_items_and_lengths_must_match() -> None:
    with pytest.raises(ValueError, match="differ"):
        length_batches(["a"], [1, 2], 10)


# --- translate_texts with a plain function as the engine -----------------------------


def test_results_come_back_in_input_order_with_blanks_and_duplicates() -> None:
    seen: list[list[str]] = []

    def engine(batch: list[str]) -> list[str]:
        seen.append(batch)
        return [text.upper() for text in batch]

    texts = ["uno due", "", "tre quattro cinque", "uno due", "  ", "sei"]
    done: list[int] = []
    results = translate_texts(
        texts,
        translate_batch=engine,
        count_tokens=words,
        limit=10,
        max_batch_tokens=4,
        progress=done.append,
    )
    assert [r.source for r in results] == texts
    assert [r.text for r in results] == [
        "UNO DUE",
        "",
        "TRE QUATTRO CINQUE",
        "UNO DUE",
        "  ",
        "SEI",
    ]
    sent = [text for batch in seen for text in batch]
    assert sorted(sent) == ["sei", "tre quattro cinque", "uno due"]  # once each, no blanks
    assert sum(done) == len(texts)


def test_a_split_text_is_translated_part_by_part_and_joined() -> None:
    calls: list[str] = []

    def engine(batch: list[str]) -> list[str]:
        calls.extend(batch)
        return [f"<{text}>" for text in batch]

    text = "a b c; d e f; g h i"
    (result,) = translate_texts(
        [text], translate_batch=engine, count_tokens=words, limit=3, max_batch_tokens=100
    )
    assert sorted(calls) == ["a b c;", "d e f;", "g h i"]
    assert result.text == "<a b c;> <d e f;> <g h i>"
    assert result.warnings[0] == "sentence too long for the model: translated in 3 parts"


def test_an_engine_returning_the_wrong_count_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="returned 1 result for 2 texts"):
        translate_texts(
            ["a", "b"],
            translate_batch=lambda batch: batch[:1],
            count_tokens=words,
            limit=5,
            max_batch_tokens=100,
        )


# --- decoding_key -------------------------------------------------------------------


def test_the_key_follows_the_beams_the_model_really_uses(tiny_model: Path) -> None:
    ref = resolve_model(str(tiny_model))
    default = decoding_key(ref, TranslateOptions())
    assert decoding_key(ref, TranslateOptions()) == default
    assert "beams=4" in default  # from generation_config.json
    assert decoding_key(ref, TranslateOptions(beams=4)) == default  # same decoding
    assert decoding_key(ref, TranslateOptions(beams=2)) != default
    assert decoding_key(ref, TranslateOptions(quantize=True)) != default
    assert decoding_key(ref, TranslateOptions(engine="ctranslate2")) != default
    assert decoding_key(ref, TranslateOptions(compute_type="bfloat16")) != default
    assert decoding_key(ref, TranslateOptions(max_batch_tokens=64)) == default
    other = ModelRef(name=ref.name, path=ref.path, identity="local:other")
    assert decoding_key(other, TranslateOptions()) != default


def test_the_key_reads_legacy_beams_from_config_json(tiny_model: Path, tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    (folder / "generation_config.json").unlink()
    config = json.loads((folder / "config.json").read_text())
    config["num_beams"] = 6
    (folder / "config.json").write_text(json.dumps(config))
    assert "|beams=6|" in decoding_key(resolve_model(str(folder)), TranslateOptions())


def test_the_key_is_computed_without_importing_torch(tiny_model: Path) -> None:
    code = (
        "import sys\n"
        "from summarize.runtime.models import resolve_model\n"
        "from summarize.translation.translate import TranslateOptions, decoding_key\n"
        f"print(decoding_key(resolve_model({str(tiny_model)!r}), TranslateOptions()))\n"
        "heavy = [m for m in ('torch', 'transformers') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.startswith("local:")


# --- engines ------------------------------------------------------------------------


def test_an_unknown_engine_is_refused_with_the_known_ones(tiny_model: Path) -> None:
    ref = resolve_model(str(tiny_model))
    with pytest.raises(EngineUnavailable, match="unknown engine 'fast'; choose one of: ") as caught:
        load_translator(ref, TranslateOptions(engine="fast"))
    assert "transformers" in str(caught.value)


@pytest.fixture(scope="module")
def translator(tiny_hub_cache) -> Translator:  # type: ignore[no-untyped-def]
    """The tiny model as a user gets it: a hub id resolved offline from the cache."""
    ref = resolve_model(tiny_hub_cache.repo_id, offline=True, cache_dir=tiny_hub_cache.cache_dir)
    return load_translator(ref, TranslateOptions())


def seed_lines() -> list[str]:
    from conftest import seed_texts

    return [line.strip() for text in seed_texts() for line in text.splitlines() if line.strip()]


def distinct_lengths(count: int) -> list[str]:
    """Seed lines of pairwise different lengths, shortest and longest interleaved."""
    by_length: dict[int, str] = {}
    for line in seed_lines():
        if len(line.split()) <= 25:
            by_length.setdefault(len(line.split()), line)
    ordered = [by_length[n] for n in sorted(by_length)][:count]
    return ordered[::2] + ordered[1::2][::-1]


def test_the_tiny_model_loads_through_the_hub_cache(translator: Translator) -> None:
    assert translator.engine == "transformers"
    assert "snapshots" in str(translator.ref.path)  # type: ignore[attr-defined]


def test_one_translation_per_text_in_input_order(translator: Translator) -> None:
    texts = distinct_lengths(8)
    assert len(texts) == 8
    forward = translator.translate(texts)
    backward = translator.translate(texts[::-1])
    assert [t.source for t in forward] == texts
    assert all(isinstance(t, Translation) and t.text.strip() for t in forward)
    # Outputs mostly differ by input, so a result put back at the wrong index would show
    # here: the batches are the same both ways (sorted by length), only the order differs.
    assert len({t.text for t in forward}) >= len(texts) // 2
    assert [t.text for t in backward] == [t.text for t in forward][::-1]


def test_translation_is_deterministic(translator: Translator, tiny_hub_cache) -> None:  # type: ignore[no-untyped-def]
    texts = distinct_lengths(4)
    first = translator.translate(texts)
    assert translator.translate(texts) == first
    ref = resolve_model(tiny_hub_cache.repo_id, offline=True, cache_dir=tiny_hub_cache.cache_dir)
    assert load_translator(ref, TranslateOptions()).translate(texts) == first


def test_blank_texts_skip_the_model_and_progress_counts_every_text(translator: Translator) -> None:
    texts = ["", "Guerra in Ucraina", "   ", "Esteri", "Guerra in Ucraina"]
    done: list[int] = []
    results = translator.translate(texts, progress=done.append)
    assert [r.source for r in results] == texts
    assert results[0] == Translation("", "")
    assert results[2] == Translation("   ", "   ")
    assert results[1] == results[4]
    assert sum(done) == len(texts)
    assert translator.translate([]) == []


def test_a_sentence_over_512_tokens_is_split_and_every_part_translated(tiny_model: Path) -> None:
    translator = load_translator(resolve_model(str(tiny_model)), TranslateOptions(beams=1))
    count = translator.count_tokens  # type: ignore[attr-defined]
    limit = translator.limit  # type: ignore[attr-defined]
    clauses = [line.rstrip(".") for line in seed_lines() if len(line.split()) > 8]
    text = ""
    index = 0
    while count(text) <= 600:
        text += clauses[index % len(clauses)] + (", " if index % 4 else "; ")
        index += 1
    assert count(text) > 600

    parts = split_long(text, count, limit)
    assert len(parts) >= 2
    assert all(count(part) <= limit for part in parts)
    assert normalised(" ".join(parts)) == normalised(text)

    (whole,) = translator.translate([text])
    one_by_one = translator.translate(parts)
    # Same parts, same batches: the long text's translation is exactly its parts' ones.
    assert whole.text == join_parts([t.text for t in one_by_one])
    assert whole.warnings[0] == f"sentence too long for the model: translated in {len(parts)} parts"


def test_int8_quantisation_loads_and_translates(tiny_model: Path) -> None:
    ref = resolve_model(str(tiny_model))
    quantized = load_translator(ref, TranslateOptions(quantize=True, beams=1))
    texts = distinct_lengths(3)
    results = quantized.translate(texts)
    assert [r.source for r in results] == texts
    assert all(r.text for r in results)


def test_a_missing_gpu_is_an_engine_error(tiny_model: Path) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    with pytest.raises(EngineUnavailable) as caught:
        load_translator(resolve_model(str(tiny_model)), TranslateOptions(device="cuda"))
    assert str(caught.value) == "device cuda: torch sees no CUDA device here"
    assert describe(caught.value) == (
        "device cuda: torch sees no CUDA device here; use --device cpu"
    )
