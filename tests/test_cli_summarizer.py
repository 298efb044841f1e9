"""`brief --summarizer MODEL` end to end, for both kinds of model, with tiny local models."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarize.cli import app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def brief(*args: str | Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.parametrize("kind", ["tiny_bart", "tiny_qwen"])
def test_model_summary_keeps_the_briefing_bilingual(
    kind: str, request: pytest.FixtureRequest, tiny_model: Path, tmp_path: Path
) -> None:
    summarizer = request.getfixturevalue(kind)
    args = (
        SEEDS, "--lang", "en", "--model", tiny_model, "--beams", "1",
        "--summarizer", summarizer, "--summary-tokens", "24", "--cache", tmp_path / "cache",
    )  # fmt: skip
    result = brief(*args, "--out", tmp_path / "a")
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "a" / "digest.json").read_text())
    for article in data["articles"]:
        assert article["summary"]["it"].strip()
        assert article["summary"]["en"].strip()
        briefing = (tmp_path / "a" / article["briefing"]).read_text()
        assert f"model:{summarizer}" in briefing or "extractive summary used" in briefing
    again = brief(*args, "--out", tmp_path / "b")
    assert again.exit_code == 0
    rerun = json.loads((tmp_path / "b" / "digest.json").read_text())
    assert [a["summary"] for a in rerun["articles"]] == [a["summary"] for a in data["articles"]]
    assert rerun["run"]["translated"] == 0


def test_summarizer_that_is_not_a_model_is_exit_2(tmp_path: Path) -> None:
    folder = tmp_path / "not-a-model"
    folder.mkdir()
    (folder / "config.json").write_text('{"model_type": "bert", "architectures": ["BertModel"]}')
    result = brief(SEEDS, "--lang", "it", "--summarizer", folder, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_edited_prompts_change_the_causal_cache_key(tiny_qwen: Path, tmp_path: Path) -> None:
    from summarize.summaries.abstractive import AbstractiveOptions, check_summarizer

    prompts = tmp_path / "prompts"
    prompts.mkdir()
    shipped = Path(__file__).resolve().parent.parent / "summarize" / "prompts" / "summary_user.j2"
    (prompts / "summary_user.j2").write_text(
        "Riassumi in stile telegrafico.\n" + shipped.read_text()
    )
    plain = check_summarizer(AbstractiveOptions(model=str(tiny_qwen)))
    edited = check_summarizer(AbstractiveOptions(model=str(tiny_qwen), prompts_dir=prompts))
    assert plain != edited


def test_an_empty_summarizer_folder_points_at_summarizer_not_model(tmp_path: Path) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    result = brief(SEEDS, "--lang", "it", "--summarizer", folder, "--out", tmp_path / "out")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"brief: error: summariser model folder {folder} lacks config.json")
    assert line.endswith("; check --summarizer") and "--model" not in line
