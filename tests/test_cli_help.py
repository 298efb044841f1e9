"""`brief --help` as a new user reads it, and a folder that happens to be called `models`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).resolve().parent.parent / "seeds" / "001_bd3492a82530cc41.txt"


def brief(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "100"}
    return subprocess.run(
        [sys.executable, "-m", "summarize", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=300,
    )


def test_help_uses_conventional_metavars_and_lists_the_commands() -> None:
    result = brief("--help")
    assert result.returncode == 0
    text = result.stdout
    for python_type in ("<str>", "<int", "<float", "<path>", "list[str]", "{INPUT}", "range>"):
        assert python_type not in text, python_type
    assert "Usage: brief [OPTIONS] INPUT..." in text
    for shown in ("--lang LANG", "--out DIR", "--points N", "--beams N", "--cache DIR"):
        assert shown in text, shown
    commands = text.split("\nCommands:\n", 1)[1]
    assert "brief models pull LANG|MODEL" in commands
    assert "brief models list" in commands and "brief models path" in commands
    assert "brief ./models" in commands


def test_models_pull_help_has_no_python_types() -> None:
    text = brief("models", "pull", "--help").stdout
    assert "Usage: brief models pull [OPTIONS] LANG|MODEL" in text
    assert "<str>" not in text and "{" not in text


def test_a_folder_named_models_can_be_briefed_and_the_error_says_how(tmp_path: Path) -> None:
    (tmp_path / "models").mkdir()
    shutil.copy(SEED, tmp_path / "models" / SEED.name)
    wrong = brief("models", "--lang", "it", cwd=tmp_path)
    assert wrong.returncode == 2
    assert "No such option" not in wrong.stderr
    assert "brief ./models" in wrong.stderr and "-- models" in wrong.stderr
    for n, spelling in enumerate((["./models"], ["--", "models"])):
        out = tmp_path / f"out{n}"
        result = brief("--lang", "it", "--out", str(out), "--quiet", *spelling, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert len(list((out / "briefings").glob("*.md"))) == 1


def test_pull_of_an_unknown_language_suggests_what_pull_accepts() -> None:
    result = brief("models", "pull", "xx")
    assert result.returncode == 2
    assert "--model" not in result.stderr, "pull has no --model option"
    assert "brief models pull Helsinki-NLP/opus-mt-it-xx" in result.stderr
