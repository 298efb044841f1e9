"""Faults that would fail every article are found before any work:
exit 2, one line, and the previous digest and briefings exactly as they were."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarize.cli import app
from summarize.preflight import safetensors_problem, torch_bin_problem, weights_problem

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def brief(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def outputs(out: Path) -> dict[str, tuple[bytes, int]]:
    """Every digest and briefing file, with its bytes and modification time."""
    files = [*out.glob("digest.*"), *(out / "briefings").glob("*")]
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(files)}


@pytest.fixture
def briefed(tmp_path: Path) -> tuple[Path, dict[str, tuple[bytes, int]]]:
    """An output folder holding a good digest of the seeds, and its files as they are."""
    out = tmp_path / "out"
    code, output = brief(SEEDS, "--lang", "it", "--out", out, "--cache", tmp_path / "cache")
    assert code == 0, output
    assert json.loads((out / "digest.json").read_text())["articles"]
    return out, outputs(out)


def assert_refused(
    code: int, output: str, out: Path, before: dict[str, tuple[bytes, int]], *words: str
) -> None:
    lines = [line for line in output.splitlines() if line.strip()]
    assert code == 2, output
    assert len(lines) == 1, output
    assert lines[0].startswith("brief: error: "), output
    for word in words:
        assert word in lines[0], output
    assert outputs(out) == before


# --- inputs -------------------------------------------------------------------------------


def test_a_typo_in_the_input_folder_leaves_the_digest_as_it_was(
    briefed: tuple[Path, dict[str, tuple[bytes, int]]], tmp_path: Path
) -> None:
    out, before = briefed
    code, output = brief(tmp_path / "seeds-typo", "--lang", "it", "--out", out)
    assert_refused(code, output, out, before, "seeds-typo", "no such file or folder")


def test_one_missing_path_among_good_ones_stops_the_run(
    briefed: tuple[Path, dict[str, tuple[bytes, int]]], tmp_path: Path
) -> None:
    out, before = briefed
    code, output = brief(SEEDS, tmp_path / "gone.txt", tmp_path / "also-gone", "--out", out)
    assert_refused(code, output, out, before, "gone.txt", "also-gone")


def test_a_name_too_long_for_the_file_system_is_a_missing_path(
    briefed: tuple[Path, dict[str, tuple[bytes, int]]], tmp_path: Path
) -> None:
    out, before = briefed
    code, output = brief(tmp_path / ("x" * 5000), "--out", out)
    assert_refused(code, output, out, before, "no such file or folder")


def test_a_run_whose_every_article_fails_keeps_the_digest_that_had_articles(
    briefed: tuple[Path, dict[str, tuple[bytes, int]]], tmp_path: Path
) -> None:
    out, before = briefed
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    code, output = brief(bad, "--lang", "it", "--out", out)
    assert code == 1, output
    assert "previous digest" in output
    assert outputs(out) == before


def test_a_run_whose_every_article_fails_still_writes_a_first_digest(tmp_path: Path) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    code, output = brief(bad, "--lang", "it", "--out", tmp_path / "out")
    assert code == 1, output
    digest = json.loads((tmp_path / "out" / "digest.json").read_text())
    assert digest["articles"] == [] and digest["errors"]


# --- translation models, engines, devices ----------------------------------------------


def _broken_copy(tiny_model: Path, tmp_path: Path, damage: str) -> Path:
    model = tmp_path / f"model-{damage}"
    shutil.copytree(tiny_model, model)
    weights = model / "model.safetensors"
    if damage == "truncated":
        data = weights.read_bytes()
        weights.write_bytes(data[: len(data) * 2 // 3])
    elif damage == "header":
        weights.write_bytes(b"\xff" * 8 + weights.read_bytes()[8:])
    elif damage == "config":
        (model / "config.json").write_text('{"model_type": "marian", ')
    elif damage == "bert":
        (model / "config.json").write_text(
            json.dumps({"model_type": "bert", "architectures": ["BertModel"], "hidden_size": 8})
        )
    elif damage == "tokenizer":
        (model / "source.spm").unlink()
    elif damage == "no-weights":
        weights.unlink()
    return model


@pytest.mark.parametrize(
    ("damage", "words"),
    [
        ("truncated", ["model.safetensors", "truncated"]),
        ("header", ["model.safetensors", "header"]),
        ("config", ["config.json"]),
        ("bert", ["bert", "not a translation model"]),
        ("tokenizer", ["source.spm"]),
        ("no-weights", ["weights"]),
    ],
)
def test_a_broken_translation_model_is_refused_before_any_work(
    briefed: tuple[Path, dict[str, tuple[bytes, int]]],
    tiny_model: Path,
    tmp_path: Path,
    damage: str,
    words: list[str],
) -> None:
    out, before = briefed
    model = _broken_copy(tiny_model, tmp_path, damage)
    code, output = brief(
        SEEDS, "--lang", "en", "--model", model, "--engine", "transformers", "--out", out
    )
    assert_refused(code, output, out, before, *words)


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--device", "tpu", ["tpu", "--device"]),
        ("--device", "cuda", ["CUDA", "--device"]),
        ("--device", "cuda:x", ["cuda:x", "--device"]),
        ("--compute-type", "bogus", ["bogus", "--compute-type"]),
    ],
)
@pytest.mark.parametrize("engine", ["transformers", "ctranslate2"])
def test_a_device_or_compute_type_the_engine_cannot_use_is_refused_before_any_work(
    briefed: tuple[Path, dict[str, tuple[bytes, int]]],
    tiny_model: Path,
    engine: str,
    option: str,
    value: str,
    words: list[str],
) -> None:
    if engine == "ctranslate2":
        pytest.importorskip("ctranslate2")
    out, before = briefed
    code, output = brief(
        SEEDS, "--lang", "en", "--model", tiny_model, "--engine", engine,
        option, value, "--out", out,
    )  # fmt: skip
    assert_refused(code, output, out, before, *words)


def test_a_good_model_still_translates(tiny_model: Path, tmp_path: Path) -> None:
    code, output = brief(
        SEEDS, "--lang", "en", "--model", tiny_model, "--engine", "transformers",
        "--out", tmp_path / "out", "--cache", tmp_path / "cache",
    )  # fmt: skip
    assert code == 0, output


# --- the weight checks themselves ----------------------------------------------------------


def test_whole_weights_pass_and_damaged_ones_say_why(tiny_model: Path, tmp_path: Path) -> None:
    assert weights_problem(tiny_model) is None
    data = (tiny_model / "model.safetensors").read_bytes()
    cases = {
        "short": data[:5],
        "truncated": data[:-1],
        "longer": data + b"\0",
        "garbage header": data[:8] + b"?" + data[9:],
        "huge length": (2**60).to_bytes(8, "little") + data[8:],
    }
    for name, content in cases.items():
        path = tmp_path / f"{name}.safetensors"
        path.write_bytes(content)
        assert safetensors_problem(path), name


def test_sharded_weights_are_checked_shard_by_shard(tiny_model: Path, tmp_path: Path) -> None:
    model = tmp_path / "sharded"
    shutil.copytree(tiny_model, model)
    (model / "model.safetensors").rename(model / "model-00001-of-00001.safetensors")
    index = {"metadata": {}, "weight_map": {"a": "model-00001-of-00001.safetensors"}}
    (model / "model.safetensors.index.json").write_text(json.dumps(index))
    assert weights_problem(model) is None
    shard = model / "model-00001-of-00001.safetensors"
    shard.write_bytes(shard.read_bytes()[:100])
    assert "truncated" in (weights_problem(model) or "")
    shard.unlink()
    assert "missing" in (weights_problem(model) or "")


def test_a_torch_checkpoint_must_be_a_whole_archive(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "pytorch_model.bin"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", b"\x80\x02" + b"x" * 5000)
    assert torch_bin_problem(path) is None
    path.write_bytes(path.read_bytes()[:3000])
    assert torch_bin_problem(path)


# --- model summarisers -------------------------------------------------------------------


def test_truncated_summariser_weights_fall_back_to_the_extractive_summary(
    tiny_bart: Path, tmp_path: Path
) -> None:
    model = tmp_path / "bart"
    shutil.copytree(tiny_bart, model)
    weights = model / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:-1000])
    out = tmp_path / "out"
    code, output = brief(SEEDS, "--lang", "it", "--summarizer", model, "--out", out)
    assert code == 0, output
    assert output.count("is truncated") == 1, output  # said once, not once per article
    digest = json.loads((out / "digest.json").read_text())
    assert len(digest["articles"]) == 2
    for article in digest["articles"]:
        assert article["summary_method"] == "extractive"
        assert any("model summary failed" in w for w in article["warnings"])


# --- templates (item 11) -----------------------------------------------------------------


def test_a_template_that_does_not_compile_is_named_with_its_line(
    briefed: tuple[Path, dict[str, tuple[bytes, int]]], tmp_path: Path
) -> None:
    out, before = briefed
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "digest.md.j2").write_text("# Digest\n\n{% for b in d.briefings %}\n{{ b.title \n")
    code, output = brief(SEEDS, "--lang", "it", "--templates", templates, "--out", out)
    assert_refused(code, output, out, before, "digest.md.j2", "line 4", "--templates")


@pytest.mark.parametrize("name", ["briefing.md.j2", "briefing.html.j2", "summary_user.j2"])
def test_every_kind_of_template_is_compiled(
    briefed: tuple[Path, dict[str, tuple[bytes, int]]], tmp_path: Path, name: str
) -> None:
    out, before = briefed
    folder = tmp_path / "edited"
    folder.mkdir()
    (folder / name).write_text("ok\n{% if %}\n")
    option = "--prompts" if name.startswith("summary_") else "--templates"
    code, output = brief(SEEDS, "--lang", "it", option, folder, "--out", out)
    assert_refused(code, output, out, before, name, "line 2", option)


def test_output_templates_in_a_prompts_folder_are_refused_with_the_option_to_use(
    briefed: tuple[Path, dict[str, tuple[bytes, int]]], tmp_path: Path
) -> None:
    """Output templates once lived beside the prompts: an old --prompts folder holding an
    edited page must not be silently ignored."""
    out, before = briefed
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    shipped = Path(__file__).resolve().parents[1] / "summarize" / "templates"
    (prompts / "digest.md.j2").write_text((shipped / "digest.md.j2").read_text("utf-8"))
    code, output = brief(SEEDS, "--lang", "it", "--prompts", prompts, "--out", out)
    assert_refused(code, output, out, before, "digest.md.j2", "--templates")


def test_an_unknown_filter_is_an_error_but_our_own_filters_are_not(
    briefed: tuple[Path, dict[str, tuple[bytes, int]]], tmp_path: Path
) -> None:
    out, before = briefed
    templates = tmp_path / "templates"
    templates.mkdir()
    shipped = Path(__file__).resolve().parents[1] / "summarize" / "templates"
    text = (shipped / "briefing.md.j2").read_text(encoding="utf-8")
    (templates / "briefing.md.j2").write_text(text)
    code, output = brief(SEEDS, "--lang", "it", "--templates", templates, "--out", tmp_path / "o2")
    assert code == 0, output
    (templates / "briefing.md.j2").write_text(text + "{{ b.title | nosuchfilter }}\n")
    code, output = brief(SEEDS, "--lang", "it", "--templates", templates, "--out", out)
    assert_refused(code, output, out, before, "nosuchfilter")


def test_the_shipped_templates_compile() -> None:
    """A run checks only the user's templates; the shipped ones are checked here."""
    from summarize.output.templates import shipped_templates_dir
    from summarize.preflight import check_templates
    from summarize.summaries.prompts import shipped_prompts_dir

    shipped = shipped_templates_dir()
    assert len(list(shipped.glob("*.j2"))) >= 5
    check_templates(shipped, shipped_prompts_dir())


@pytest.mark.parametrize("option", ["--prompts", "--templates"])
@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_template_path_that_is_not_a_folder_is_an_error(
    briefed: tuple[Path, dict[str, tuple[bytes, int]]], tmp_path: Path, kind: str, option: str
) -> None:
    out, before = briefed
    folder = tmp_path / "edited"
    if kind == "file":
        folder.write_text("not a folder")
    code, output = brief(SEEDS, "--lang", "it", option, folder, "--out", out)
    assert_refused(code, output, out, before, str(folder), option)


@pytest.mark.parametrize("device", ["tpu", "cpu:1", "cuda:x"])
def test_ctranslate2_refuses_a_device_name_without_importing_ctranslate2(device: str) -> None:
    """The name is checked before ctranslate2 is imported: a CPU run needs no import."""
    from summarize.errors import EngineUnavailable
    from summarize.translation.base import TranslateOptions
    from summarize.translation.engines.ct2 import CTranslate2Engine

    options = TranslateOptions(engine="ctranslate2", device=device)
    with pytest.raises(EngineUnavailable, match="device"):
        CTranslate2Engine.check_placement(options)
    CTranslate2Engine.check_placement(TranslateOptions(engine="ctranslate2", device="cpu"))
