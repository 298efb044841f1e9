from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from summarize.cli import describe
from summarize.errors import ModelUnavailable
from summarize.runtime.models import (
    LANG_MODELS,
    default_model,
    list_cached,
    pull,
    resolve_model,
)


def test_each_language_has_its_opus_mt_model_and_italian_needs_none() -> None:
    assert default_model("it") is None
    assert default_model("en") == "Helsinki-NLP/opus-mt-it-en"
    assert default_model("DE") == "Helsinki-NLP/opus-mt-it-de"
    assert {"en", "de", "fr", "es"} <= set(LANG_MODELS)


def test_an_unknown_language_lists_the_known_ones_and_suggests_model() -> None:
    with pytest.raises(ModelUnavailable) as caught:
        default_model("xx")
    assert "--" not in str(caught.value)  # the library names no flag; the CLI does
    message = describe(caught.value)
    assert "'xx'" in message
    assert all(lang in message for lang in LANG_MODELS)
    assert "--model" in message
    assert "\n" not in message


def test_a_local_folder_is_used_as_it_is(tiny_model: Path) -> None:
    ref = resolve_model(str(tiny_model))
    assert ref.path == tiny_model.resolve()
    assert ref.name == str(tiny_model)
    assert ref.identity.startswith("local:")
    assert ref.revision is None
    assert resolve_model(str(tiny_model)).identity == ref.identity


def test_a_missing_local_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match=r"does not exist$") as caught:
        resolve_model(str(tmp_path / "no-such-model"))
    assert re.search(r"does not exist; check --model$", describe(caught.value))


def test_a_folder_without_config_or_weights_names_what_is_missing(
    tiny_model: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    (folder / "config.json").unlink()
    with pytest.raises(ModelUnavailable, match=r"lacks config\.json;"):
        resolve_model(str(folder))
    shutil.copy(tiny_model / "config.json", folder)
    (folder / "model.safetensors").unlink()
    with pytest.raises(ModelUnavailable, match=r"lacks weights \(model\.safetensors or"):
        resolve_model(str(folder))


def test_the_local_fingerprint_follows_the_files(tiny_model: Path, tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(tiny_model, folder)
    first = resolve_model(str(folder)).identity
    assert resolve_model(str(folder)).identity == first

    config = json.loads((folder / "generation_config.json").read_text())
    config["num_beams"] = 2
    (folder / "generation_config.json").write_text(json.dumps(config))
    second = resolve_model(str(folder)).identity
    assert second != first

    weights = folder / "model.safetensors"
    stat = weights.stat()
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert resolve_model(str(folder)).identity not in {first, second}


def test_an_uncached_hub_model_offline_says_how_to_get_it(tmp_path: Path) -> None:
    # HF_HUB_OFFLINE=1 is set for the whole session: offline=False must still not download.
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    with pytest.raises(ModelUnavailable) as caught:
        resolve_model("brief-tests/no-such-model", cache_dir=tmp_path)
    assert "--" not in str(caught.value)
    message = describe(caught.value)
    assert message.startswith("model brief-tests/no-such-model is not in the Hugging Face cache")
    assert "offline mode is on" in message
    assert "`brief models pull brief-tests/no-such-model`" in message
    assert "--model PATH" in message
    assert "\n" not in message


def test_a_default_model_is_pulled_by_its_language_code(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable) as caught:
        resolve_model("Helsinki-NLP/opus-mt-it-de", offline=True, cache_dir=tmp_path)
    assert "`brief models pull de`" in describe(caught.value)


def test_pull_cannot_download_while_offline(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="offline mode is on"):
        pull("en", cache_dir=tmp_path)


def test_an_invalid_hub_id_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="neither an existing folder nor a valid hub id"):
        resolve_model("not a/valid id!", cache_dir=tmp_path)


def test_list_cached_of_an_empty_or_missing_cache_is_empty(tmp_path: Path) -> None:
    assert list_cached(tmp_path / "missing") == []
    assert list_cached(tmp_path) == []


def test_a_model_in_the_hub_cache_is_listed_and_found_offline(tiny_hub_cache) -> None:  # type: ignore[no-untyped-def]
    (cached,) = list_cached(tiny_hub_cache.cache_dir)
    assert cached.repo_id == tiny_hub_cache.repo_id
    assert cached.revisions == (tiny_hub_cache.commit,)
    assert cached.refs == ("main",)
    blobs = {p.resolve() for p in tiny_hub_cache.snapshot.iterdir()}  # source.spm = target.spm
    assert cached.size_on_disk == sum(blob.stat().st_size for blob in blobs)

    ref = resolve_model(tiny_hub_cache.repo_id, offline=True, cache_dir=tiny_hub_cache.cache_dir)
    assert ref.path == tiny_hub_cache.snapshot
    assert ref.identity == f"hub:{tiny_hub_cache.repo_id}@{tiny_hub_cache.commit}"

    pinned = resolve_model(
        tiny_hub_cache.repo_id,
        revision=tiny_hub_cache.commit,
        offline=True,
        cache_dir=tiny_hub_cache.cache_dir,
    )
    assert pinned.path == ref.path
    assert pinned.revision == tiny_hub_cache.commit


def test_pulling_a_cached_model_again_offline_returns_it(tiny_hub_cache) -> None:  # type: ignore[no-untyped-def]
    ref = pull(tiny_hub_cache.repo_id, cache_dir=tiny_hub_cache.cache_dir)
    assert ref.path == tiny_hub_cache.snapshot


def test_an_uncached_revision_of_a_cached_model_is_unavailable(tiny_hub_cache) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ModelUnavailable, match=r"\(revision v2\) and offline mode is on"):
        resolve_model(
            tiny_hub_cache.repo_id,
            revision="v2",
            offline=True,
            cache_dir=tiny_hub_cache.cache_dir,
        )


def test_a_partly_cached_model_is_unavailable(tiny_model: Path, tmp_path: Path) -> None:
    from conftest import install_in_hub_cache

    partial = tmp_path / "partial"
    shutil.copytree(tiny_model, partial)
    (partial / "model.safetensors").unlink()
    install_in_hub_cache(partial, tmp_path / "cache", "brief-tests/partial", "a" * 40)
    with pytest.raises(ModelUnavailable, match="only partly cached"):
        resolve_model("brief-tests/partial", offline=True, cache_dir=tmp_path / "cache")


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("BRIEF_SLOW") != "1", reason="set BRIEF_SLOW=1 to build it")
@pytest.mark.filterwarnings("ignore:Recommended. pip install sacremoses")
def test_the_full_size_model_has_the_opus_mt_shape(tmp_path: Path) -> None:
    from conftest import seed_texts
    from transformers import MarianMTModel, MarianTokenizer

    from devtools.modelfactory import build_marian

    folder = build_marian(tmp_path / "full", "full", seed_texts())
    model = MarianMTModel.from_pretrained(folder)
    tokenizer = MarianTokenizer.from_pretrained(folder)
    params = sum(p.numel() for p in model.parameters())
    assert 84_000_000 < params < 87_000_000
    assert model.config.vocab_size == 80_035
    assert tokenizer.pad_token_id == 80_034
    assert model.generation_config.num_beams == 4
