"""Whole rendered briefings of the seeds (Italian-only, deterministic) against checked-in
files. After an intended change of output, regenerate them with
``BRIEF_UPDATE_EXPECTED=1 python -m pytest tests/test_expected.py`` and review the diff."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarize.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).resolve().parent / "expected"
UPDATE = os.environ.get("BRIEF_UPDATE_EXPECTED") == "1"


@pytest.fixture(scope="module")
def italian_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("expected") / "out"
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(app, ["seeds", "--lang", "it", "--out", str(out)])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return out


def _stable_digest(out: Path) -> str:
    data = json.loads((out / "digest.json").read_text())
    for volatile in ("generated_at", "run"):
        data.pop(volatile)
    for story in data["stories"]:  # the seeds carry no date: a story is seen on the run's day
        story["first_seen"] = story["last_seen"] = "(the run's day)"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def test_briefings_match_the_checked_in_files(italian_out: Path) -> None:
    produced = sorted((italian_out / "briefings").glob("*.md"))
    if UPDATE:
        shutil.rmtree(EXPECTED / "briefings", ignore_errors=True)
        (EXPECTED / "briefings").mkdir(parents=True)
        for path in produced:
            shutil.copy(path, EXPECTED / "briefings" / path.name)
    expected = sorted((EXPECTED / "briefings").glob("*.md"))
    assert [p.name for p in produced] == [p.name for p in expected]
    for got, want in zip(produced, expected, strict=True):
        assert got.read_text() == want.read_text(), f"{got.name} differs from tests/expected"


def test_digest_json_matches_the_checked_in_file(italian_out: Path) -> None:
    if UPDATE:
        (EXPECTED / "digest.json").write_text(_stable_digest(italian_out))
    assert _stable_digest(italian_out) == (EXPECTED / "digest.json").read_text()
