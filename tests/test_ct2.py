"""The CTranslate2 engine against the transformers engine, on the session's tiny model."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")

from conftest import seed_texts

from devtools.fixedengines import FixedOutputCTranslate2
from summarize.cli import describe
from summarize.errors import EngineUnavailable
from summarize.language.chunker import split_long
from summarize.runtime.models import resolve_model
from summarize.translation.engines.ct2 import (
    CT2_MISSING,
    CTranslate2Engine,
    MarianPieces,
    cache_root,
)
from summarize.translation.translate import (
    TranslateOptions,
    Translator,
    check_engine,
    compute_type,
    load_translator,
)

ROOT = Path(__file__).resolve().parents[1]
# float32, greedy, same batches: where both engines must agree token for token. (A batch's
# length budget follows its longest source, and the random model always uses it up.)
EXACT = {"compute_type": "float32", "beams": 1, "max_batch_tokens": 1024}


def seed_lines() -> list[str]:
    return [line.strip() for text in seed_texts() for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def hf_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A hub cache of this module's own, so converted models land in a fresh folder."""
    return tmp_path_factory.mktemp("ct2-home") / "hub"


@pytest.fixture(scope="module")
def exact_pair(tiny_model: Path, hf_cache: Path) -> tuple[Translator, Translator]:
    ref = resolve_model(str(tiny_model))
    fast = load_translator(
        ref, TranslateOptions(engine="ctranslate2", hf_cache_dir=hf_cache, **EXACT)
    )
    slow = load_translator(
        ref, TranslateOptions(engine="transformers", beams=1, max_batch_tokens=1024)
    )
    return fast, slow


def test_greedy_float32_translations_match_transformers(
    exact_pair: tuple[Translator, Translator],
) -> None:
    fast, slow = exact_pair
    assert fast.engine == "ctranslate2"
    lines = seed_lines()
    # The seeds' lines run from 3 to ~180 pieces, so batches of many lengths are compared,
    # and the random model never stops early: every output runs to its length budget.
    assert fast.translate(lines) == slow.translate(lines)


def test_greedy_float32_output_tokens_match_transformers(
    exact_pair: tuple[Translator, Translator],
) -> None:
    import torch

    fast, slow = exact_pair
    texts = seed_lines()[30:38]
    tokenizer = slow.tokenizer  # type: ignore[attr-defined]
    encoded = tokenizer(texts, return_tensors="pt", padding=True)
    budget = 24
    with torch.inference_mode():
        generated = slow.model.generate(**encoded, num_beams=1, max_new_tokens=budget)  # type: ignore[attr-defined]
    expected = [
        [t for t in tokenizer.convert_ids_to_tokens(row.tolist()) if t not in ("<pad>", "</s>")]
        for row in generated
    ]
    sources = [fast.tokenizer.encode_pieces(fast.tokenizer.pieces(t)) for t in texts]  # type: ignore[attr-defined]
    results = fast.model.translate_batch(sources, beam_size=1, max_decoding_length=budget - 1)  # type: ignore[attr-defined]
    assert [r.hypotheses[0] for r in results] == expected


def test_pieces_are_those_of_marian_tokenizer(exact_pair: tuple[Translator, Translator]) -> None:
    fast, slow = exact_pair
    odd = [
        "",
        "   ",
        "  doppio  spazio\t e tab\n",
        ">>en<< il ministro",
        "a <unk> b </s> c",
        "emoji 😀 e 中文, «virgolette» — trattino… 3.000,5 €",
    ]
    for text in seed_lines() + odd:
        assert fast.tokenizer.pieces(text) == slow.tokenizer.tokenize(text), text  # type: ignore[attr-defined]
        assert fast.count_tokens(text) == slow.count_tokens(text)  # type: ignore[attr-defined]


def test_decoding_drops_special_tokens_as_transformers_does(
    exact_pair: tuple[Translator, Translator],
) -> None:
    fast, slow = exact_pair
    tokenizer = slow.tokenizer  # type: ignore[attr-defined]
    pieces: MarianPieces = fast.tokenizer  # type: ignore[attr-defined]
    vocab = tokenizer.get_vocab()
    words = [t for t in sorted(vocab) if t.startswith("\u2581")][:40]
    rows = [[*words[i : i + 7], "<unk>", "</s>"] for i in range(0, 35, 7)]
    rows.append(["<pad>", *words[:3], "<unk>", *words[3:6]])
    for row in rows:
        ids = [vocab[t] for t in row]
        expected = tokenizer.decode(ids, skip_special_tokens=True, use_source_tokenizer=False)
        assert pieces.decode(row) == expected


def test_a_sentence_over_the_limit_is_split_as_transformers_splits_it(
    exact_pair: tuple[Translator, Translator],
) -> None:
    fast, slow = exact_pair
    clauses = [line.rstrip(".") for line in seed_lines() if len(line.split()) > 8]
    text = ""
    index = 0
    while fast.count_tokens(text) <= 600:  # type: ignore[attr-defined]
        text += clauses[index % len(clauses)] + (", " if index % 4 else "; ")
        index += 1
    parts = split_long(text, slow.count_tokens, slow.limit)  # type: ignore[attr-defined]
    assert len(parts) >= 2
    (whole,) = fast.translate([text])
    assert whole.warnings[0] == f"sentence too long for the model: translated in {len(parts)} parts"
    assert [whole] == slow.translate([text])


def test_the_conversion_is_cached_and_reused(tiny_model: Path, tmp_path: Path) -> None:
    options = TranslateOptions(engine="ctranslate2", hf_cache_dir=tmp_path / "hub")
    ref = resolve_model(str(tiny_model))
    first = CTranslate2Engine(ref, options)
    assert first.path.parent == cache_root(options) == tmp_path / "brief-ct2"
    weights = first.path / "model.bin"
    before = (weights.stat().st_ino, weights.stat().st_mtime_ns)
    second = CTranslate2Engine(ref, options)
    assert second.path == first.path
    assert (weights.stat().st_ino, weights.stat().st_mtime_ns) == before
    # one folder per model and compute type, and no temporary folder left behind
    assert [p.name for p in (tmp_path / "brief-ct2").iterdir()] == [first.path.name]
    other = CTranslate2Engine(ref, replace(options, **EXACT))
    assert other.path != first.path
    texts = seed_lines()[:6]
    assert [t.source for t in second.translate(texts)] == texts


def test_a_converted_model_runs_without_torch_or_transformers(
    exact_pair: tuple[Translator, Translator], tiny_model: Path, hf_cache: Path
) -> None:
    fast, _ = exact_pair
    texts = seed_lines()[:5]
    code = (
        "import sys\n"
        "from summarize.runtime.models import resolve_model\n"
        "from summarize.translation.translate import TranslateOptions, load_translator\n"
        "from pathlib import Path\n"
        f"options = TranslateOptions(engine='ctranslate2', hf_cache_dir=Path({str(hf_cache)!r}), "
        "compute_type='float32', beams=1)\n"
        f"translator = load_translator(resolve_model({str(tiny_model)!r}), options)\n"
        f"for t in translator.translate({texts!r}):\n"
        "    print(t.text)\n"
        "heavy = [m for m in ('torch', 'transformers') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.splitlines() == [t.text for t in fast.translate(texts)]


def test_a_missing_ctranslate2_says_how_to_get_it(
    tiny_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # as if it were not installed
    with pytest.raises(EngineUnavailable) as caught:
        check_engine("ctranslate2")
    assert str(caught.value) == CT2_MISSING
    assert "\n" not in CT2_MISSING and "pip install 'brief-news[fast]'" in CT2_MISSING
    assert describe(caught.value) == f"{CT2_MISSING}; use --engine transformers"
    with pytest.raises(EngineUnavailable) as caught:
        CTranslate2Engine(resolve_model(str(tiny_model)), TranslateOptions(engine="ctranslate2"))
    assert describe(caught.value).endswith("; use --engine transformers")


def test_compute_types_default_by_device_and_are_checked(tiny_model: Path) -> None:
    assert compute_type(TranslateOptions(engine="ctranslate2")) == "int8"
    assert compute_type(TranslateOptions(engine="ctranslate2", device="cuda")) == "int8_float16"
    assert compute_type(TranslateOptions(engine="ctranslate2", compute_type="int16")) == "int16"
    assert compute_type(TranslateOptions(engine="transformers")) == "float32"
    ref = resolve_model(str(tiny_model))
    import ctranslate2

    if "float16" not in ctranslate2.get_supported_compute_types("cpu"):
        with pytest.raises(EngineUnavailable, match="cannot run compute type 'float16' on cpu"):
            CTranslate2Engine(ref, TranslateOptions(engine="ctranslate2", compute_type="float16"))
    with pytest.raises(EngineUnavailable, match="quantisation is for the transformers engine"):
        CTranslate2Engine(ref, TranslateOptions(engine="ctranslate2", quantize=True))
    if ctranslate2.get_cuda_device_count() == 0:
        with pytest.raises(EngineUnavailable, match="ctranslate2 sees no CUDA device"):
            CTranslate2Engine(ref, TranslateOptions(engine="ctranslate2", device="cuda"))


def test_the_default_int8_beam_search_translates_in_order(tiny_model: Path) -> None:
    translator = load_translator(
        resolve_model(str(tiny_model)), TranslateOptions(engine="ctranslate2")
    )
    assert translator.beams == 4  # type: ignore[attr-defined]  # the model's generation config
    texts = [line for line in seed_lines() if len(line.split()) < 30][:8]
    forward = translator.translate(texts)
    backward = translator.translate(texts[::-1])
    assert [t.source for t in forward] == texts
    assert all(t.text.strip() for t in forward)
    assert [t.text for t in backward] == [t.text for t in forward][::-1]


def test_a_fixed_output_length_decodes_exactly_that_many_tokens(tiny_model: Path) -> None:
    texts = [line for line in seed_lines() if len(line.split()) > 12][:4]
    ref = resolve_model(str(tiny_model))
    seen: list[int] = []

    def as_long_as_the_source(longest: int) -> int:
        seen.append(longest)
        return longest - 1  # the longest source's pieces, without </s>

    options = TranslateOptions(engine="ctranslate2")
    fixed = FixedOutputCTranslate2(ref, options)
    fixed.fixed = as_long_as_the_source
    longest = max(fixed.count_tokens(t) for t in texts)
    assert [len(tokens) for tokens in fixed.translate_tokens(texts)] == [longest] * len(texts)
    assert seen == [longest + 1]
    free = CTranslate2Engine(ref, options)
    assert {len(tokens) for tokens in free.translate_tokens(texts)} != {longest}


def test_the_engine_thread_budget_honours_omp_num_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A Ray actor sized with --ray-cpus sets OMP_NUM_THREADS; CTranslate2 must keep to it."""
    from summarize.runtime.environment import thread_budget, usable_cpus

    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert thread_budget() == 1
    monkeypatch.setenv("OMP_NUM_THREADS", str(usable_cpus() + 8))
    assert thread_budget() == usable_cpus()
    for junk in ("", "many", "0", "-3"):
        monkeypatch.setenv("OMP_NUM_THREADS", junk)
        assert thread_budget() == usable_cpus()
