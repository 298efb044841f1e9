"""The real CLI in a child process, as cron runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run_brief(
    *args: str | Path,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """``brief ARGS`` with its output captured; the timeout makes a hang a failure."""
    return subprocess.run(
        [sys.executable, "-m", "summarize", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env=env,
        cwd=cwd,
    )
