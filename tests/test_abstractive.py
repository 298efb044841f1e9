"""The model summariser with tiny random models of both kinds, built locally and loaded
through ``from_pretrained``. Random weights write nonsense: these tests check wiring,
prompts, chunking, fallback and caching, never the prose."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarize.errors import ModelUnavailable
from summarize.language.chunker import chunk_text
from summarize.records import Article, Block, Document, Summary
from summarize.summaries.abstractive import (
    AbstractiveOptions,
    ModelSummarizer,
    check_summarizer,
    load_prompts,
    load_summarizer,
)
from summarize.summaries.cached import summary_from_cache, summary_to_cache
from summarize.summaries.extractive import summarize
from summarize.summaries.faithfulness import unsupported_facts
from summarize.summaries.modelinfo import detect_kind
from summarize.summaries.options import SummaryOptions

# Short outputs keep the tiny models fast; long enough to be a few words.
NEW_TOKENS = 16
SHORT_BODY = (
    "Il ministro Rossi ha detto che domani pioverà a Roma e a Milano per tutta la giornata, "
    "con venti forti da sud e temperature in calo di 5 gradi rispetto a ieri."
)


@pytest.fixture(scope="module", autouse=True)
def _one_thread() -> Iterator[None]:
    """Tiny models run fastest on one thread, above all on a busy 2-core machine."""
    import torch

    threads = torch.get_num_threads()
    saved = os.environ.get("OMP_NUM_THREADS")
    os.environ["OMP_NUM_THREADS"] = "1"
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)
    if saved is None:
        os.environ.pop("OMP_NUM_THREADS", None)
    else:
        os.environ["OMP_NUM_THREADS"] = saved


@pytest.fixture(scope="module")
def seed_article() -> Article:
    from conftest import seed_texts

    from summarize.cleaning.clean import clean

    text = seed_texts()[0]
    return clean(Document("seed.txt", Path("seed.txt"), text, "text", "utf-8"))


@pytest.fixture(scope="module")
def short_article() -> Article:
    return Article(
        source="short.txt",
        title="Pioggia e vento a Roma e Milano",
        blocks=[Block("paragraph", SHORT_BODY)],
    )


def options(model: Path, **changes: object) -> AbstractiveOptions:
    values: dict[str, object] = {"model": str(model), "max_new_tokens": NEW_TOKENS}
    values.update(changes)
    return AbstractiveOptions(**values)  # type: ignore[arg-type]


def article_text(article: Article) -> str:
    return "\n".join([article.title, *article.body_lines()])


def copy_model(source: Path, dest: Path, edit: dict[str, dict[str, object]] | None = None) -> Path:
    """A copy of a model folder, with some keys of its JSON files changed (None deletes)."""
    shutil.copytree(source, dest)
    for name, changes in (edit or {}).items():
        path = dest / name
        data = json.loads(path.read_text(encoding="utf-8"))
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        path.write_text(json.dumps(data), encoding="utf-8")
    return dest


# --- kind detection ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "kind"),
    [
        ({"model_type": "bart", "is_encoder_decoder": True}, "seq2seq"),
        ({"model_type": "somethingnew", "is_encoder_decoder": True}, "seq2seq"),
        ({"model_type": "t5", "architectures": ["T5WithLMHeadModel"]}, "seq2seq"),
        ({"model_type": "mt5"}, "seq2seq"),
        ({"model_type": "somethingnew", "architectures": ["NewForCausalLM"]}, "causal"),
        ({"model_type": "gpt2", "architectures": ["GPT2LMHeadModel"]}, "causal"),
        ({"model_type": "llama"}, "causal"),
        ({"model_type": "bert", "architectures": ["BertModel"]}, None),
        ({"model_type": "llava", "architectures": ["LlavaForConditionalGeneration"]}, None),
    ],
)
def test_kind_comes_from_the_config(config: dict[str, object], kind: str | None) -> None:
    assert detect_kind(config) == kind


def test_kind_is_not_guessed_from_the_folder_name(
    tiny_bart: Path, tiny_qwen: Path, tmp_path: Path
) -> None:
    misleading_seq2seq = copy_model(tiny_bart, tmp_path / "Qwen2.5-0.5B-Instruct")
    misleading_causal = copy_model(tiny_qwen, tmp_path / "bart-large-cnn-t5-summarizer")
    assert load_summarizer(options(misleading_seq2seq)).kind == "seq2seq"
    assert load_summarizer(options(misleading_causal)).kind == "causal"
    assert "kind=seq2seq" in check_summarizer(options(misleading_seq2seq))
    assert "kind=causal" in check_summarizer(options(misleading_causal))


def test_unusable_models_are_refused_in_one_line(
    tiny_bart: Path, tiny_qwen: Path, tmp_path: Path
) -> None:
    encoder_only = copy_model(
        tiny_bart,
        tmp_path / "encoder",
        {"config.json": {"model_type": "bert", "architectures": ["BertModel"],
                         "is_encoder_decoder": None}},
    )  # fmt: skip
    no_chat = copy_model(
        tiny_qwen, tmp_path / "base-lm", {"tokenizer_config.json": {"chat_template": None}}
    )
    german = copy_model(
        tiny_bart, tmp_path / "german", {"tokenizer_config.json": {"tgt_lang": "de_DE"}}
    )
    cases = [
        (options(encoder_only), "cannot tell"),
        (options(no_chat), "chat template"),
        (options(german, target_lang="en"), "writes 'de'"),
        (options(tmp_path / "missing"), "does not exist"),
    ]
    for opts, reason in cases:
        with pytest.raises(ModelUnavailable) as caught:
            check_summarizer(opts)
        message = str(caught.value)
        assert reason in message and "\n" not in message
    # The German summariser is fine for a German briefing, and writes its target side.
    assert "writes=de" in check_summarizer(options(german, target_lang="de"))


def test_a_hub_id_resolves_offline_from_the_cache(tiny_qwen: Path, tmp_path: Path) -> None:
    from conftest import install_in_hub_cache

    commit = "fedcba9876543210fedcba9876543210fedcba98"
    install_in_hub_cache(tiny_qwen, tmp_path / "hub", "brief-tests/tiny-qwen", commit)
    opts = AbstractiveOptions(
        model="brief-tests/tiny-qwen", hf_cache_dir=tmp_path / "hub", offline=True
    )
    key = check_summarizer(opts)
    assert key.startswith(f"summary|hub:brief-tests/tiny-qwen@{commit}|kind=causal")
    with pytest.raises(ModelUnavailable, match="offline"):
        check_summarizer(
            AbstractiveOptions(model="brief-tests/absent", hf_cache_dir=tmp_path, offline=True)
        )


def test_checking_and_keying_need_no_torch(tiny_qwen: Path) -> None:
    code = (
        "import sys;"
        "from summarize.summaries.abstractive import AbstractiveOptions, check_summarizer;"
        f"check_summarizer(AbstractiveOptions(model={str(tiny_qwen)!r}));"
        "print('torch' in sys.modules, 'transformers' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert done.stdout.split() == ["False", "False"]


def test_the_key_follows_what_changes_a_summary(
    tiny_bart: Path, tiny_qwen: Path, tmp_path: Path
) -> None:
    edited = tmp_path / "prompts"
    edited.mkdir()
    (edited / "summary_system.j2").write_text("Be brief. Write in {{ language }}.\n")
    for model in (tiny_bart, tiny_qwen):
        base = check_summarizer(options(model))
        assert base == check_summarizer(options(model))
        for change in ({"beams": 2}, {"max_new_tokens": 9}, {"temperature": 0.7}):
            assert check_summarizer(options(model, **change)) != base
    # Prompts only matter to the model that reads them.
    assert check_summarizer(options(tiny_qwen, prompts_dir=edited)) != check_summarizer(
        options(tiny_qwen)
    )
    assert check_summarizer(options(tiny_bart, prompts_dir=edited)) == check_summarizer(
        options(tiny_bart)
    )


# --- prompts ------------------------------------------------------------------------------


def test_shipped_prompts_render_every_variable() -> None:
    prompts = load_prompts()
    variables = {"language": "English", "language_code": "en", "sentences": 3, "words": 66}
    user = prompts.user(title="TITOLO-X", text="TESTO-Y", part=1, parts=1, **variables)
    assert "TITOLO-X" in user and "TESTO-Y" in user and "English" in user and "3" in user
    part = prompts.user(title="T", text="U", part=2, parts=5, **variables)
    assert (
        "2" in part
        and "5" in part
        and part != prompts.user(title="T", text="U", part=1, parts=1, **variables)
    )
    combined = prompts.combine(title="T", summaries=["PRIMA-P", "SECONDA-P"], **variables)
    assert combined.index("PRIMA-P") < combined.index("SECONDA-P")
    assert "English" in prompts.system(**variables)


def test_a_users_prompt_reaches_the_model(
    tiny_qwen: Path, tmp_path: Path, short_article: Article
) -> None:
    edited = tmp_path / "my-prompts"
    edited.mkdir()
    (edited / "summary_user.j2").write_text(
        "HOUSE-STYLE-MARKER in {{ language }}, {{ sentences }} frasi.\n{{ title }}\n{{ text }}\n"
    )
    summarizer = load_summarizer(options(tiny_qwen, prompts_dir=edited, sentences=2))
    prompt = summarizer.render_prompt(short_article.title, SHORT_BODY)
    assert "HOUSE-STYLE-MARKER in English, 2 frasi." in prompt
    assert short_article.title in prompt and SHORT_BODY in prompt
    shipped = load_summarizer(options(tiny_qwen)).render_prompt(short_article.title, SHORT_BODY)
    assert "HOUSE-STYLE-MARKER" not in shipped
    # The system prompt still comes from the shipped folder, in the chat template's frame.
    system = load_prompts().system(language="English", language_code="en", sentences=2, words=44)
    assert prompt.startswith("<|im_start|>system\n" + system)
    assert prompt.endswith("<|im_start|>assistant\n")
    assert summarizer.model is None  # rendering needs the tokenizer only


def test_italian_runs_ask_for_italian(tiny_qwen: Path, short_article: Article) -> None:
    prompt = load_summarizer(options(tiny_qwen, target_lang="it")).render_prompt("T", "U")
    assert "in Italian" in prompt and "English" not in prompt


# --- chunking -----------------------------------------------------------------------------


def test_long_articles_are_chunked_at_sentences_never_truncated(
    tiny_bart: Path, seed_article: Article
) -> None:
    summarizer = load_summarizer(options(tiny_bart))
    text = article_text(seed_article)
    limit = summarizer.input_limit
    assert summarizer.count_tokens(text) > limit
    chunks = summarizer.chunks(text)
    assert len(chunks) > 1
    assert all(summarizer.count_tokens(chunk) <= limit for chunk in chunks)
    assert " ".join(chunks).split() == text.split()  # every word, once, in order


def test_a_giant_sentence_is_cut_at_clauses_within_the_limit() -> None:
    def words(text: str) -> int:
        return len(text.split())

    sentence = ", ".join(f"la parte {i} di una frase senza fine" for i in range(40)) + "."
    chunks = chunk_text(f"Titolo.\n{sentence}", words, 25)
    assert len(chunks) > 1 and all(words(c) <= 25 for c in chunks)
    assert " ".join(chunks).split() == f"Titolo. {sentence}".split()


# --- end to end ---------------------------------------------------------------------------


def test_seq2seq_summary_is_italian_and_goes_through_chunks(
    tiny_bart: Path, seed_article: Article
) -> None:
    extractive = summarize(seed_article, SummaryOptions(points=4, summary_sentences=2))
    summarizer = load_summarizer(options(tiny_bart))
    assert summarizer.model is None  # nothing loaded before the first summary
    result = summarizer.summarize(seed_article, extractive)

    expected_parts = len(summarizer.chunks(article_text(seed_article)))
    assert summarizer.last_parts == expected_parts > 1
    assert result.method == f"model:{tiny_bart}"
    assert result.key_points == extractive.key_points
    assert result.summary_target is None  # Italian: the pipeline translates it
    assert result.summary and result.summary != extractive.summary
    assert not any("discarded" in w or "failed" in w for w in result.warnings)
    assert any(f"in {expected_parts} parts" in w for w in result.warnings)
    facts = unsupported_facts(" ".join(result.summary), article_text(seed_article))
    for fact in facts:
        assert f"summary mentions “{fact}”, not found in the article" in result.warnings

    again = load_summarizer(options(tiny_bart)).summarize(seed_article, extractive)
    assert again == result  # greedy decoding: same model, same article, same summary


@pytest.mark.parametrize("lang", ["en", "it"])
def test_causal_summary_keeps_the_briefing_bilingual(
    tiny_qwen: Path, seed_article: Article, short_article: Article, lang: str
) -> None:
    extractive = summarize(seed_article, SummaryOptions(points=4, summary_sentences=2))
    summarizer = load_summarizer(options(tiny_qwen, target_lang=lang))
    result = summarizer.summarize(seed_article, extractive)
    assert summarizer.last_parts > 1  # the tiny model's 768-token context is too short
    assert result.method == f"model:{tiny_qwen}"
    assert result.key_points == extractive.key_points
    assert not any("discarded" in w or "failed" in w for w in result.warnings)
    if lang == "it":
        assert result.summary_target is None and result.summary != extractive.summary
    else:
        assert result.summary == extractive.summary  # the Italian side
        assert result.summary_target and result.summary_target.strip()

    short_summary = summarizer.summarize(short_article, summarize(short_article))
    assert summarizer.last_parts == 1
    assert short_summary.method == f"model:{tiny_qwen}"


def test_sampling_is_seeded(tiny_qwen: Path, short_article: Article) -> None:
    extractive = summarize(short_article)
    first = load_summarizer(options(tiny_qwen, temperature=1.5, seed=7))
    second = load_summarizer(options(tiny_qwen, temperature=1.5, seed=7))
    assert first.summarize(short_article, extractive) == second.summarize(short_article, extractive)


# --- fallback -----------------------------------------------------------------------------


def test_a_looping_model_falls_back_to_the_extractive_summary(
    tiny_bart: Path, tmp_path: Path, short_article: Article
) -> None:
    from transformers import AutoTokenizer

    token = AutoTokenizer.from_pretrained(tiny_bart)(" ministro", add_special_tokens=False)
    # Generation settings that force one word over and over, as a broken model would.
    looping = copy_model(
        tiny_bart,
        tmp_path / "looping",
        {"generation_config.json": {"no_repeat_ngram_size": 0,
                                    "sequence_bias": [[token["input_ids"][:1], 100.0]]}},
    )  # fmt: skip
    extractive = summarize(short_article)
    summarizer = load_summarizer(options(looping))
    raw, _ = summarizer.generate(short_article.title, short_article.body_lines())
    assert len(raw.split()) > 3 and len(set(raw.split())) == 1
    result = summarizer.summarize(short_article, extractive)
    assert result.summary == extractive.summary and result.method == "extractive"
    assert result.key_points == extractive.key_points
    assert result.warnings[-1].startswith("model summary discarded (a loop repeating")
    assert result.warnings[-1].endswith("; extractive summary used")


def test_a_summary_longer_than_the_article_falls_back(tiny_bart: Path, tmp_path: Path) -> None:
    wordy = copy_model(
        tiny_bart, tmp_path / "wordy", {"generation_config.json": {"min_new_tokens": NEW_TOKENS}}
    )
    article = Article(source="tiny.txt", title="Piove", blocks=[Block("paragraph", "Piove.")])
    extractive = Summary(key_points=["Piove."], summary=["Piove."])
    result = load_summarizer(options(wordy)).summarize(article, extractive)
    assert result.summary == ["Piove."] and result.method == "extractive"
    assert "longer than the article" in result.warnings[-1]


# --- cache --------------------------------------------------------------------------------


def test_cached_summaries_come_back_whole(
    tiny_bart: Path, tiny_qwen: Path, short_article: Article
) -> None:
    extractive = summarize(short_article)
    for summarizer in (load_summarizer(options(tiny_bart)), load_summarizer(options(tiny_qwen))):
        assert isinstance(summarizer, ModelSummarizer)
        result = summarizer.summarize(short_article, extractive)
        stored = summary_to_cache(result)
        assert summary_from_cache(stored, extractive) == result
        # Key points (and an extractive Italian side) follow the run's extractive settings.
        other = Summary(key_points=["Uno.", "Due."], summary=["Tre."], warnings=["nota"])
        restored = summary_from_cache(stored, other)
        assert restored.key_points == ["Uno.", "Due."] and restored.warnings[0] == "nota"
        if result.summary_target is None:
            assert restored.summary == result.summary
        else:
            assert restored.summary == ["Tre."]
            assert restored.summary_target == result.summary_target

    fallback = Summary(
        key_points=["A."],
        summary=["B."],
        warnings=["model summary discarded (empty); extractive summary used"],
    )
    other = Summary(key_points=["C."], summary=["D."])
    restored = summary_from_cache(summary_to_cache(fallback), other)
    assert restored.summary == ["D."] and restored.method == "extractive"
    assert restored.warnings == fallback.warnings
    with pytest.raises(ValueError):
        summary_from_cache(json.dumps({"format": 999}), other)
