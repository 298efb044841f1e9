"""Cron-grade behaviour: kill -9 at any moment, overlapping runs, start-up imports."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def brief_cmd(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "summarize", *map(str, args)]


def spawn(*args: str | Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        brief_cmd(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def many_articles(folder: Path, copies: int) -> Path:
    """The seeds copied under different names and titles, for runs that take a while."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            (folder / f"{n:03d}-{seed.name}").write_text(text.replace("Usa", f"Usa {n}", 1))
    return folder


def wait_for_line(proc: subprocess.Popen[str], needle: str, timeout: float = 120) -> None:
    """Read stderr until ``needle`` shows up (the run has reached that stage)."""
    assert proc.stderr is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if needle in line:
            return
        if not line and proc.poll() is not None:
            break
    raise AssertionError(f"run never printed {needle!r}")


def test_sigkill_at_any_moment_leaves_the_previous_digest_whole(tmp_path: Path) -> None:
    inputs = many_articles(tmp_path / "in", 100)
    out = tmp_path / "out"
    first = subprocess.run(
        brief_cmd(inputs, "--lang", "it", "--out", out), capture_output=True, check=False
    )
    assert first.returncode == 0
    (inputs / "000-000_bb1a5722cba1163e.txt").unlink()
    previous = (out / "digest.json").read_text()
    for delay in (0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.1, 2.4, 2.7):
        proc = spawn(inputs, "--lang", "it", "--out", out)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        text = (out / "digest.json").read_text()
        data = json.loads(text)  # whole and readable, old or new
        assert text == previous or len(data["articles"]) == 199
        assert (out / "digest.md").read_text().endswith("- brief 0.1.0\n")
        for briefing in (out / "briefings").glob("*.md"):
            assert briefing.read_text().splitlines()[-1].startswith("*Provenienza:*")
    final = subprocess.run(
        brief_cmd(inputs, "--lang", "it", "--out", out, "--wait", "10"),
        capture_output=True,
        check=False,
    )
    assert final.returncode == 0, "a killed run's lock must not block the next run"
    assert len(json.loads((out / "digest.json").read_text())["articles"]) == 199
    assert not list(out.rglob("*.tmp")), "temporaries of killed runs are cleaned up"


@pytest.fixture
def slow_run(tiny_model: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A translation run that holds the lock for a few seconds (the slower engine, no cache,
    the tiny model's 4 beams)."""
    out = tmp_path / "out"
    proc = spawn(
        many_articles(tmp_path / "in", 1), "--lang", "en", "--model", tiny_model,
        "--engine", "transformers", "--no-cache", "--out", out, "--verbose",
    )  # fmt: skip
    wait_for_line(proc, "translate:")  # a stage line: cron runs print them with --verbose only
    yield proc, out
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def test_second_run_on_the_same_out_gives_up_with_exit_2(slow_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    first, out = slow_run
    second = subprocess.run(
        brief_cmd(SEEDS, "--lang", "it", "--out", out, "--wait", "0"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert first.poll() is None, "the first run must still be running for this test to mean much"
    assert second.returncode == 2
    assert "another brief run is writing here" in second.stderr
    assert len(second.stderr.strip().splitlines()) == 1


def test_second_run_waits_its_turn(slow_run) -> None:  # type: ignore[no-untyped-def]
    first, out = slow_run
    second = subprocess.run(
        brief_cmd(SEEDS, "--lang", "it", "--out", out, "--wait", "300", "--verbose"),
        capture_output=True,
        text=True,
        check=False,
    )
    # The first run's briefings are of inputs the second was not given: the second tidies
    # them away, which it can only do if the first had written them and its digest first.
    english = re.search(r"removed [1-9]\d* briefing file", second.stderr)
    code = first.wait(timeout=120)
    assert english, f"second run finished before the first wrote anything: {first.stderr.read()}"
    assert not list((out / "briefings").glob("*usa-0*.md"))
    assert code == 0
    assert second.returncode == 0
    assert json.loads((out / "digest.json").read_text())["lang"] == "it", "second ran last"


IMPORT_PROBE = """
import sys
from summarize.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
print("EXIT", code, "torch" in sys.modules, "transformers" in sys.modules, file=sys.stderr)
"""


def probe(*args: str | Path) -> tuple[int, bool, bool]:
    proc = subprocess.run(
        [sys.executable, "-c", IMPORT_PROBE, *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
    )
    last = proc.stderr.strip().splitlines()[-1].split()
    assert last[0] == "EXIT", proc.stderr
    return int(last[1]), last[2] == "True", last[3] == "True"


def test_help_and_version_never_import_torch() -> None:
    assert probe("--help") == (0, False, False)
    assert probe("--version") == (0, False, False)


def test_warm_rerun_imports_neither_torch_nor_transformers(
    tiny_model: Path, tmp_path: Path
) -> None:
    args = (SEEDS, "--lang", "en", "--model", tiny_model, "--beams", "1", "--cache", tmp_path)
    args = (*args, "--engine", "transformers")  # the engine that needs torch on a cold run
    assert probe(*args, "--out", tmp_path / "a") == (0, True, True)
    assert probe(*args, "--out", tmp_path / "b") == (0, False, False)


def test_out_inside_the_input_folder_is_not_read_back(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(SEEDS, inputs)
    for _ in range(2):
        proc = subprocess.run(
            brief_cmd(inputs, "--lang", "it", "--out", inputs / "out"),
            capture_output=True,
            check=False,
        )
        assert proc.returncode == 0
    data = json.loads((inputs / "out" / "digest.json").read_text())
    assert len(data["articles"]) == 2


def test_cron_output_is_plain_and_quiet_is_silent(tmp_path: Path) -> None:
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run(
        brief_cmd(SEEDS, "--lang", "it", "--out", tmp_path),
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0
    assert "\x1b[" not in proc.stderr + proc.stdout
    assert proc.stdout.startswith("brief: 2 briefed, 0 failed")
    assert proc.stderr == "", "no progress noise in cron logs"
    quiet = subprocess.run(
        brief_cmd(SEEDS, "--lang", "it", "--out", tmp_path, "--quiet"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert quiet.returncode == 0
    assert quiet.stdout == quiet.stderr == ""
