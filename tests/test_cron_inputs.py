"""Cron-grade inputs and logs: what an unattended run is given by a careless script (an
empty argument, an --out whose date pattern collapses, a path longer than PATH_MAX) and
where its log goes (a full disk, a closed stream, a reader that went away). Every case
runs the real CLI in a subprocess under a timeout."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FIRST_SEED = sorted(SEEDS.glob("*.txt"))[0]
TIMEOUT_S = 120


def brief_cmd(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "summarize", *map(str, args)]


def inputs_with_one_bad(folder: Path) -> Path:
    """The seeds and one empty file: a run that briefs two and fails one (exit 1)."""
    folder.mkdir(parents=True, exist_ok=True)
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    (folder / "empty.txt").write_text("")
    return folder


def run_shell(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A cron-like shell line, so redirections (>&-, >/dev/full) are the shell's own."""
    env = {**os.environ, "BRIEF": " ".join(brief_cmd())}
    return subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )


def digest_sources(out: Path) -> list[str]:
    data = json.loads((out / "digest.json").read_text())
    return sorted(a["source"] for a in data["articles"])


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("verbose", ["", "-v"])
@pytest.mark.parametrize(
    "redirect",
    [">/dev/full", "2>/dev/full", ">/dev/full 2>/dev/full", ">&-", "2>&-", ">&- 2>&-"],
)
def test_a_log_that_cannot_be_written_changes_nothing(
    redirect: str, verbose: str, tmp_path: Path
) -> None:
    inputs = inputs_with_one_bad(tmp_path / "in")
    out = tmp_path / "out"
    line = f"$BRIEF in --lang it --out out --explain {verbose} {redirect}; echo rc=$? >rc"
    proc = run_shell(line, tmp_path)
    assert (tmp_path / "rc").read_text().strip() == "rc=1", proc.stderr
    assert len(digest_sources(out)) == 2
    assert (out / "digest.md").is_file() and (out / "digest.html").is_file()
    assert inputs.is_dir()


def test_a_reader_that_goes_away_changes_nothing(tmp_path: Path) -> None:
    """stdout and stderr are pipes whose reader closed them: EPIPE on every write."""
    inputs_with_one_bad(tmp_path / "in")
    for stream in ("stdout", "stderr"):
        out = tmp_path / f"out-{stream}"  # a second run into one folder would say its failure once
        proc = subprocess.Popen(
            brief_cmd(tmp_path / "in", "--lang", "it", "--out", out, "--explain", "-v", "--all"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        closed = proc.stdout if stream == "stdout" else proc.stderr
        kept = proc.stderr if stream == "stdout" else proc.stdout
        assert closed is not None and kept is not None
        closed.close()
        kept.read()
        assert proc.wait(timeout=TIMEOUT_S) == 1, stream
        assert len(digest_sources(out)) == 2


def test_an_empty_input_is_a_usage_error(tmp_path: Path) -> None:
    """``brief "$INBOX"`` with INBOX unset under cron: never the current folder ($HOME)."""
    home = inputs_with_one_bad(tmp_path / "home")
    for given in ("", "   "):
        proc = subprocess.run(
            brief_cmd(given, "--lang", "it", "--out", tmp_path / "out"),
            cwd=home,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            check=False,
        )
        assert proc.returncode == 2, proc.stdout
        assert "empty" in proc.stderr and len(proc.stderr.splitlines()) == 1, proc.stderr
        assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("pattern", ["o/%10000Y", "%10000Y", "o/%D", "o/%10000Y/x"])
def test_an_out_pattern_that_collapses_is_a_usage_error(pattern: str, tmp_path: Path) -> None:
    inputs_with_one_bad(tmp_path / "in")
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    proc = subprocess.run(
        brief_cmd(tmp_path / "in", "--lang", "it", "--out", pattern),
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "--out" in proc.stderr and len(proc.stderr.splitlines()) == 1, proc.stderr
    assert not any(cwd.rglob("*")), "nothing written anywhere"


def test_a_dated_out_pattern_still_works(tmp_path: Path) -> None:
    inputs_with_one_bad(tmp_path / "in")
    proc = subprocess.run(
        brief_cmd(tmp_path / "in", "--lang", "it", "--out", tmp_path / "o" / "%Y" / "%m-%d"),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert len(list((tmp_path / "o").glob("*/*/digest.json"))) == 1


def _deep_file(root: Path, beyond: int) -> str:
    """A file whose path is longer than PATH_MAX (4096), made a folder at a time; its folder
    is ``beyond`` characters past PATH_MAX too when that is positive."""
    name = "d" * 200
    fd = os.open(root, os.O_RDONLY)
    depth = 0
    try:
        while len(str(root)) + (depth + 1) * 201 < 4096 + beyond:
            os.mkdir(name, dir_fd=fd)
            child = os.open(name, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = child
            depth += 1
        leaf = os.open("x" * 200 + ".txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        text = FIRST_SEED.read_text(encoding="utf-8")
        os.write(leaf, text.replace("Usa", "Usa e Canada", 1).encode())
        os.close(leaf)
    finally:
        os.close(fd)
    return name


@pytest.mark.parametrize("beyond", [0, 400])
def test_a_path_longer_than_path_max_fails_alone(beyond: int, tmp_path: Path) -> None:
    inputs = inputs_with_one_bad(tmp_path / "in")
    (inputs / "empty.txt").unlink()
    top = _deep_file(inputs, beyond)
    proc = subprocess.run(
        brief_cmd(inputs, "--lang", "it", "--out", tmp_path / "out"),
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
        check=False,
    )
    try:
        assert proc.returncode == 1, proc.stderr
        assert "unexpected" not in proc.stderr
        assert "too long" in proc.stderr.lower(), proc.stderr
        assert len(digest_sources(tmp_path / "out")) == 2
    finally:
        subprocess.run(["rm", "-rf", str(inputs / top)], check=False, timeout=TIMEOUT_S)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("scheme", ["", "ray://"])
def test_a_ray_address_where_nothing_listens_fails_fast(
    scheme: str, tiny_model: Path, tmp_path: Path
) -> None:
    pytest.importorskip("ray")
    out = tmp_path / "out"
    common = ("--model", tiny_model, "--engine", "transformers", "--out", out)
    first = subprocess.run(
        brief_cmd(SEEDS, *common), capture_output=True, text=True, timeout=300, check=False
    )
    assert first.returncode == 0, first.stderr
    before = (out / "digest.json").read_bytes()
    (tmp_path / "new.txt").write_text(FIRST_SEED.read_text())
    started = time.monotonic()
    nowhere = f"{scheme}127.0.0.1:{_free_port()}"
    proc = subprocess.run(
        brief_cmd(SEEDS, tmp_path / "new.txt", *common, "--all", "--ray", nowhere),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    took = time.monotonic() - started
    assert proc.returncode == 2, proc.stderr
    assert took < 30, f"took {took:.0f} s"
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert "Ray" in proc.stderr and "--ray" in proc.stderr
    assert (out / "digest.json").read_bytes() == before
