"""The real `brief` command, driven through typer's CliRunner and as a subprocess."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarize.cli import app, models_app
from summarize.translation.translate import default_engine

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
runner = CliRunner()

# Lines of the seeds' page furniture: none may reach any output file.
BOILERPLATE = [
    "Icona app",
    "Leggi TPI direttamente",
    "Immagine autore",
    "Banner abbonamento",
    "Home » Esteri",
    "Immagine di copertina",
    "Credit: Council Gov Ru",
    "Ti potrebbe interessare",
    "Iran-Usa, conclusi i primi colloqui",
    "Ultimo aggiornamento ore",
    "- Di cosa hanno parlato",
]


def brief(*args: str | Path) -> object:
    return runner.invoke(app, [str(a) for a in args])


def test_help_teaches() -> None:
    result = brief("--help")
    assert result.exit_code == 0
    for needle in ("--lang", "--out", "Examples:", "Exit codes:", "brief models pull en"):
        assert needle in result.output


def test_models_help_and_version() -> None:
    assert "pull" in runner.invoke(models_app, ["--help"]).output
    result = brief("--version")
    assert result.exit_code == 0
    assert result.output.startswith("brief ")


def test_italian_run_writes_clean_briefings_and_digest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = brief(SEEDS, "--lang", "it", "--out", out)
    assert result.exit_code == 0, result.output
    briefings = sorted((out / "briefings").glob("*.md"))
    assert len(briefings) == 2
    data = json.loads((out / "digest.json").read_text())
    assert data["schema"] == 1
    assert data["lang"] == "it"
    assert data["errors"] == []
    assert [a["source"] for a in data["articles"]] == sorted(
        str(SEEDS / p.name) for p in SEEDS.glob("*.txt")
    )
    for article in data["articles"]:
        assert set(article["title"]) == {"it"}
        assert len(article["key_points"]) == 5
        assert all(set(p) == {"it"} for p in article["key_points"])
        assert (out / article["briefing"]).is_file()
        assert not article["text"].startswith(article["title"]["it"])
    assert len(data["stories"]) == 1, "the two seeds are one story"
    assert sorted(data["stories"][0]["sources"]) == sorted(a["source"] for a in data["articles"])
    for path in [*briefings, out / "digest.md", out / "digest.json"]:
        text = path.read_text()
        for line in BOILERPLATE:
            assert line not in text, f"{line!r} leaked into {path.name}"


def test_explain_lists_dropped_lines_with_reasons(tmp_path: Path) -> None:
    result = brief(SEEDS, "--lang", "it", "--out", tmp_path, "--explain")
    assert result.exit_code == 0
    assert "Immagine autore" in result.output
    assert "Ti potrebbe interessare" in result.output
    assert "  - [" in result.output


def test_one_bad_file_fails_alone_with_exit_1(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (inputs / seed.name).write_bytes(seed.read_bytes())
    (inputs / "broken.txt").write_bytes(b"\x00\x01\x02" * 100)
    out = tmp_path / "out"
    result = brief(inputs, "--lang", "it", "--out", out)
    assert result.exit_code == 1
    assert "broken.txt" in result.stderr
    data = json.loads((out / "digest.json").read_text())
    assert len(data["articles"]) == 2
    assert [e["source"] for e in data["errors"]] == [str(inputs / "broken.txt")]
    assert "binary" in data["errors"][0]["error"]
    assert "broken.txt" in (out / "digest.md").read_text()


def test_no_inputs_found_is_exit_2(tmp_path: Path) -> None:
    result = brief(tmp_path, "--lang", "it", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "no .txt, .md, .html or .htm files found" in result.stderr


def test_unwritable_out_is_exit_2(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = brief(SEEDS, "--lang", "it", "--out", blocker / "out")
    assert result.exit_code == 2
    assert "choose another with --out" in result.stderr


def test_the_library_says_facts_and_the_cli_adds_the_flag(tmp_path: Path) -> None:
    from summarize.cli_errors import ADVICE, FLAGS, describe
    from summarize.errors import BriefError
    from summarize.inputs.sources import SourceOptions
    from summarize.pipeline import RunOptions, run
    from summarize.translation.translate import TranslateOptions

    tiny = SourceOptions(max_bytes=1000)  # smaller than either seed
    options = RunOptions(out=tmp_path / "lib", translate=TranslateOptions(lang="it"), sources=tiny)
    library = run([SEEDS], options)
    assert len(library.digest.failures) == 2
    for failure in library.digest.failures:
        assert failure.error.endswith("MiB limit") and "--" not in failure.error
    result = brief(SEEDS, "--lang", "it", "--out", tmp_path / "cli", "--max-size", "0.001")
    assert result.exit_code == 1
    hint = "limit; raise it with --max-size if this really is one article"
    for entry in json.loads((tmp_path / "cli" / "digest.json").read_text())["errors"]:
        assert entry["error"].endswith(hint)
    assert "--max-size if this really is one article" in result.stderr
    for setting in ADVICE:  # every worded fix names its flag
        assert FLAGS[setting] in describe(BriefError("x", setting=setting))


def test_bad_option_is_exit_2(tmp_path: Path) -> None:
    assert brief(SEEDS, "--points", "0", "--out", tmp_path).exit_code == 2


def test_missing_model_offline_is_one_line_exit_2(tmp_path: Path) -> None:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HF_HOME": str(tmp_path / "hf")}
    env.pop("HF_HUB_CACHE", None)
    proc = subprocess.run(
        [sys.executable, "-m", "summarize", str(SEEDS), "--lang", "en", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Helsinki-NLP/opus-mt-it-en" in lines[0]
    assert "brief models pull" in lines[0]
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "digest.md").exists()


def test_unknown_language_is_exit_2(tmp_path: Path) -> None:
    result = brief(SEEDS, "--lang", "xx", "--out", tmp_path)
    assert result.exit_code == 2
    assert "--model" in result.stderr


@pytest.fixture(scope="module")
def english_run(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("en") / "out"
    cache = out.parent / "cache"
    result = brief(
        SEEDS, "--lang", "en", "--model", tiny_model, "--beams", "1", "--out", out,
        "--cache", cache,
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    return out


def test_english_run_is_bilingual_and_aligned(english_run: Path, tiny_model: Path) -> None:
    data = json.loads((english_run / "digest.json").read_text())
    assert data["model"] == str(tiny_model)
    assert data["engine"] == default_engine(), "ctranslate2 where installed, else transformers"
    for article in data["articles"]:
        assert set(article["title"]) == {"it", "en"}
        assert article["title"]["en"]
        assert all(set(p) == {"it", "en"} and p["en"] for p in article["key_points"])
        assert set(article["summary"]) == {"it", "en"}
        briefing = (english_run / article["briefing"]).read_text()
        # every Italian point is followed by its translation, in order
        lines = [ln.strip() for ln in briefing.splitlines() if ln.strip()]
        for n in range(1, len(article["key_points"]) + 1):
            at = next(i for i, ln in enumerate(lines) if ln.startswith(f"{n}. ") and "🇮🇹" in ln)
            assert lines[at + 1].startswith("↳ ")
        assert f"({default_engine()})" in briefing
    assert all(set(s["headline"]) == {"it", "en"} for s in data["stories"])


def test_rerun_hits_the_cache_and_is_identical(
    english_run: Path, tiny_model: Path, tmp_path: Path
) -> None:
    first = {p.name: p.read_text() for p in (english_run / "briefings").glob("*.md")}
    out = tmp_path / "again"
    result = brief(
        SEEDS, "--lang", "en", "--model", tiny_model, "--beams", "1", "--out", out,
        "--cache", english_run.parent / "cache",
    )  # fmt: skip
    assert result.exit_code == 0
    data = json.loads((out / "digest.json").read_text())
    assert data["run"]["translated"] == 0
    assert data["run"]["cached"] > 0
    again = {p.name: p.read_text() for p in (out / "briefings").glob("*.md")}
    assert again == first


def test_changing_beams_misses_the_cache(
    english_run: Path, tiny_model: Path, tmp_path: Path
) -> None:
    result = brief(
        SEEDS / "001_bd3492a82530cc41.txt", "--lang", "en", "--model", tiny_model,
        "--beams", "2", "--out", tmp_path, "--cache", english_run.parent / "cache",
    )  # fmt: skip
    assert result.exit_code == 0
    assert json.loads((tmp_path / "digest.json").read_text())["run"]["translated"] > 0


def test_corrupt_weights_stop_the_run_before_any_work(tiny_model: Path, tmp_path: Path) -> None:
    """Otherwise they would fail every article one by one and blank the digest."""
    broken = tmp_path / "broken-model"
    shutil.copytree(tiny_model, broken)
    weights = broken / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[: weights.stat().st_size // 2])
    out = tmp_path / "out"
    result = brief(SEEDS, "--lang", "en", "--model", broken, "--no-cache", "--out", out)
    assert result.exit_code == 2
    assert "model.safetensors is truncated" in result.stderr
    assert not (out / "digest.json").exists()
    assert "Traceback" not in result.stderr


def test_full_adds_the_whole_translated_article(
    english_run: Path, tiny_model: Path, tmp_path: Path
) -> None:
    seed = SEEDS / "001_bd3492a82530cc41.txt"
    result = brief(
        seed, "--lang", "en", "--model", tiny_model, "--beams", "1", "--full", "--out", tmp_path,
        "--cache", english_run.parent / "cache",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "digest.json").read_text())
    briefing = (tmp_path / data["articles"][0]["briefing"]).read_text()
    full = briefing.split("## Full text", 1)[1].split("\n---\n", 1)[0]
    italian = [ln for ln in full.splitlines() if ln.startswith("🇮🇹 ")]
    english = [ln for ln in full.splitlines() if ln.startswith("↳ ")]
    body_words = len(data["articles"][0]["text"].split())
    assert len(italian) == len(english) >= 15
    assert abs(sum(len(ln.split()) - 1 for ln in italian) - body_words) <= 5


def test_engine_can_be_chosen_and_is_named_in_the_briefing(
    tiny_model: Path, tmp_path: Path
) -> None:
    seed = SEEDS / "001_bd3492a82530cc41.txt"
    result = brief(
        seed, "--lang", "en", "--model", tiny_model, "--beams", "1", "--engine", "transformers",
        "--no-cache", "--out", tmp_path,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads((tmp_path / "digest.json").read_text())
    assert data["engine"] == "transformers"
    assert "(transformers)" in (tmp_path / data["articles"][0]["briefing"]).read_text()
    assert brief(seed, "--engine", "fast", "--out", tmp_path).exit_code == 2


def test_quantize_and_compute_type_reach_the_engine(tiny_model: Path, tmp_path: Path) -> None:
    seed = SEEDS / "001_bd3492a82530cc41.txt"
    common = (seed, "--lang", "en", "--model", tiny_model, "--beams", "1", "--no-cache")
    quantized = brief(*common, "--engine", "transformers", "--quantize", "--out", tmp_path / "q")
    assert quantized.exit_code == 0, quantized.stderr
    bad = brief(*common, "--engine", "transformers", "--compute-type", "int3", "--out", tmp_path)
    assert bad.exit_code == 2  # found before any work
    assert "compute type 'int3'" in bad.stderr
