"""What a run leaves in its output folder, as a reader sees it."""

from __future__ import annotations

from pathlib import Path


def snapshot(out: Path) -> dict[str, bytes]:
    """Every regular file under ``out`` that a reader sees (brief's own state aside)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".brief")
    }
