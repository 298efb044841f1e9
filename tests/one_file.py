"""One input file briefed by the real CLI, in process: what it exits with, says and writes."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from summarize.cli import app


def brief_one(folder: Path, data: bytes, name: str = "a.txt") -> tuple[int, str, str]:
    """Exit code, output and Markdown briefing (or "") of ``data`` briefed as
    ``FOLDER/in/NAME`` (relative paths, so briefings of twins differ in nothing else)."""
    (folder / "in").mkdir(parents=True)
    (folder / "in" / name).write_bytes(data)
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        result = CliRunner().invoke(app, ["in", "--lang", "it", "--out", "out", "-q"])
    finally:
        os.chdir(cwd)
    found = sorted((folder / "out" / "briefings").glob("*.md"))
    return result.exit_code, result.output, found[0].read_text(encoding="utf-8") if found else ""
