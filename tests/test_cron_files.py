"""Template and model files that are not files: a FIFO (its reader waits for a writer
forever), a symlink to /dev/zero or /dev/urandom (endless), a 2 GB sparse file. Each is
refused before any work, in one line naming the file, in bounded time and memory, with
the previous digest left as it was. Real runs of the CLI, each under a timeout and a cap
on its address space, so a regression fails the test instead of hanging the suite or
filling the machine's memory."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import install_in_hub_cache
from outfiles import snapshot

from summarize.errors import ModelUnavailable
from summarize.runtime.models import resolve_model

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PROMPTS = ROOT / "summarize" / "prompts"
TEMPLATES = ROOT / "summarize" / "templates"

# A refused run does its imports and stops: ~47 MB peak here. Reading one of these files
# whole peaked at 4.2 GB (a 2 GB sparse template) before the reads were bounded.
MAX_PEAK_MIB = 256
# The cap on a refused run's address space: a reader that regresses hits MemoryError
# here rather than taking the machine's memory until the timeout.
ADDRESS_SPACE = 3 * 1024**3
# A refused run takes about a second; a FIFO read without O_NONBLOCK never ends.
TIMEOUT = 120
SPARSE_BYTES = 2 * 1024**3

FAULTS = ("fifo", "/dev/zero", "/dev/urandom", "sparse 2 GB")
# What the one line says of each fault.
SAID = {
    "fifo": "a named pipe (FIFO), not a regular file",
    "/dev/zero": "a device, not a regular file",
    "/dev/urandom": "a device, not a regular file",
    "sparse 2 GB": "file is 2048.0 MiB, over the",
}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str
    peak_mib: float


# Runs brief as its only child, so RUSAGE_CHILDREN is brief's own peak (a child forked
# from pytest would start from pytest's resident size), under the cap on address space.
_MEASURE = """
import resource, subprocess, sys
cap = int(sys.argv[2])
if cap:
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
code = subprocess.run(sys.argv[3:]).returncode
with open(sys.argv[1], "w") as peak:
    peak.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code if code >= 0 else 128 - code)
"""


def brief(*args: str | Path, capped: bool = True) -> Run:
    """``brief ARGS`` and its peak resident memory; the test fails if it is still running
    after TIMEOUT seconds (it is killed then, with everything it started)."""
    with tempfile.TemporaryDirectory() as scratch:
        peak = Path(scratch) / "peak"
        cap = str(ADDRESS_SPACE if capped else 0)
        command = [sys.executable, "-m", "summarize", *map(str, args)]
        proc = subprocess.Popen(
            [sys.executable, "-c", _MEASURE, str(peak), cap, *command],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            pytest.fail(f"brief {' '.join(map(str, args))} still running after {TIMEOUT} s")
        return Run(
            proc.returncode,
            out.decode(errors="replace"),
            err.decode(errors="replace"),
            int(peak.read_text()) / 1024,
        )


def make_fault(path: Path, fault: str) -> None:
    """Put ``fault`` where the file ``path`` is (or would be)."""
    if path.exists() or path.is_symlink():
        path.unlink()
    if fault == "fifo":
        os.mkfifo(path)
    elif fault == "sparse 2 GB":
        path.touch()
        os.truncate(path, SPARSE_BYTES)
    else:
        path.symlink_to(fault)


def assert_refused(run: Run, file: Path, said: str, flag: str) -> None:
    assert run.returncode == 2, run.stdout + run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1, f"one line: {run.stderr}"
    assert str(file) in lines[0] and said in lines[0], lines[0]
    assert flag in lines[0] and "unexpected" not in lines[0], lines[0]
    assert run.peak_mib < MAX_PEAK_MIB, f"peak {run.peak_mib:.0f} MiB"


def brief_with_fault(
    earlier: tuple[Path, Path], given: Path, copy: Path, name: str, fault: str, *args: str | Path
) -> Run:
    """Brief the earlier inputs again, with ``copy``, a copy of the folder ``given`` whose
    file ``name`` is replaced by ``fault``, in ARGS; the output must be left untouched."""
    inputs, out = earlier
    before = snapshot(out)
    shutil.copytree(given, copy)
    make_fault(copy / name, fault)
    run = brief(inputs, "--out", out, *args)
    assert snapshot(out) == before, "the previous digest and briefings stay as they were"
    return run


@pytest.fixture(scope="module")
def earlier(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An input folder briefed once into ``out`` (Italian, no model), then one more article."""
    root = tmp_path_factory.mktemp("earlier")
    inputs, out = root / "in", root / "out"
    shutil.copytree(SEEDS, inputs)
    first = brief(inputs, "--lang", "it", "--out", out, capped=False)
    assert first.returncode == 0, first.stderr
    text = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    (inputs / "new.txt").write_text(text.replace("Usa", "Cina"), encoding="utf-8")
    return inputs, out


# --- templates -----------------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize(
    ("flag", "name", "shipped"),
    [("--templates", "digest.md.j2", TEMPLATES), ("--prompts", "summary_user.j2", PROMPTS)],
)
def test_a_template_that_is_not_a_file_is_refused_and_the_digest_kept(
    earlier: tuple[Path, Path], tmp_path: Path, flag: str, name: str, shipped: Path, fault: str
) -> None:
    folder = tmp_path / "edited"
    run = brief_with_fault(earlier, shipped, folder, name, fault, "--lang", "it", flag, folder)
    assert_refused(run, folder / name, SAID[fault], flag)


@pytest.mark.parametrize("fault", FAULTS)
def test_a_previous_digest_that_is_not_a_file_is_read_bounded(fault: str, tmp_path: Path) -> None:
    """The output folder's digest.json is read back to keep it on a bad night: that read
    is bounded too, so whatever stands there is treated as no digest and replaced."""
    out = tmp_path / "out"
    out.mkdir()
    make_fault(out / "digest.json", fault)
    run = brief(SEEDS, "--lang", "it", "--out", out, "-q")
    assert run.returncode == 0, run.stderr
    assert (out / "digest.json").is_file() and not (out / "digest.json").is_symlink()
    assert '"articles"' in (out / "digest.json").read_text(encoding="utf-8")
    assert run.peak_mib < MAX_PEAK_MIB, f"peak {run.peak_mib:.0f} MiB"


def test_a_template_behind_a_symlink_to_a_regular_file_is_used(tmp_path: Path) -> None:
    inputs, out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(SEEDS, inputs)
    real = tmp_path / "real-digest.md.j2"
    text = (TEMPLATES / "digest.md.j2").read_text(encoding="utf-8")
    real.write_text("LINKED TEMPLATE\n" + text, encoding="utf-8")
    folder = tmp_path / "edited"
    folder.mkdir()
    (folder / "digest.md.j2").symlink_to(real)
    run = brief(inputs, "--lang", "it", "--out", out, "--templates", folder)
    assert run.returncode == 0, run.stderr
    assert (out / "digest.md").read_text(encoding="utf-8").startswith("LINKED TEMPLATE")


@pytest.mark.parametrize("given", ["/dev/null", "a file", "a fifo"])
@pytest.mark.parametrize("flag", ["--prompts", "--templates"])
def test_a_template_folder_that_is_not_a_folder_is_refused_in_one_line(
    earlier: tuple[Path, Path], tmp_path: Path, given: str, flag: str
) -> None:
    inputs, out = earlier
    before = snapshot(out)
    path = Path(given)
    if given == "a file":
        path = tmp_path / "summary_user.j2"
        shutil.copyfile(PROMPTS / "summary_user.j2", path)
    elif given == "a fifo":
        path = tmp_path / "prompts"
        os.mkfifo(path)
    run = brief(inputs, "--lang", "it", "--out", out, flag, path)
    assert run.returncode == 2, run.stdout + run.stderr
    (line,) = run.stderr.splitlines()
    assert f"template folder {path}: is " in line and "not a folder" in line, line
    assert flag in line and run.peak_mib < MAX_PEAK_MIB
    assert snapshot(out) == before


# --- model files ---------------------------------------------------------------------

# Every fault on the files the issue names; one each on the other files a loader reads.
MODEL_CASES = [
    *((name, fault) for name in ("config.json", "tokenizer_config.json") for fault in FAULTS),
    *(("vocab.json", fault) for fault in FAULTS),
    *(("model.safetensors", fault) for fault in FAULTS),
    ("source.spm", "/dev/zero"),
    ("target.spm", "sparse 2 GB"),
    ("generation_config.json", "fifo"),
    ("special_tokens_map.json", "/dev/urandom"),
]


@pytest.mark.parametrize(("name", "fault"), MODEL_CASES)
def test_a_model_file_that_is_not_a_file_is_refused_before_any_work(
    earlier: tuple[Path, Path], tiny_model: Path, tmp_path: Path, name: str, fault: str
) -> None:
    model = tmp_path / "model"
    args = ("--lang", "en", "--model", model, "--cache", tmp_path / "cache")
    run = brief_with_fault(earlier, tiny_model, model, name, fault, *args)
    # sparse weights pass the stat check; their header (8 bytes of zeros) says the rest
    said = "is damaged" if name == "model.safetensors" and fault.startswith("sparse") else None
    assert_refused(run, model / name, said or SAID[fault], "--model")


def test_the_model_file_limit_is_a_size_not_a_guess(tiny_model: Path, tmp_path: Path) -> None:
    from summarize.runtime.modelfiles import MAX_MODEL_FILE_BYTES

    model = tmp_path / "model"
    shutil.copytree(tiny_model, model)
    (model / "merges.txt").touch()
    os.truncate(model / "merges.txt", MAX_MODEL_FILE_BYTES)  # read whole for the identity
    assert resolve_model(str(model)).path == model.resolve()
    os.truncate(model / "merges.txt", MAX_MODEL_FILE_BYTES + 1)
    with pytest.raises(ModelUnavailable, match=r"merges\.txt: file is 64\.000001 MiB, over"):
        resolve_model(str(model))


@pytest.mark.parametrize("fault", ["fifo", "/dev/urandom"])
def test_a_hub_cache_blob_that_is_not_a_file_is_refused(
    tiny_model: Path, tmp_path: Path, fault: str
) -> None:
    """The hub cache's snapshot holds symlinks to blobs: the check follows them."""
    cache = tmp_path / "hub"
    snapshot_dir = install_in_hub_cache(tiny_model, cache, "brief-tests/broken", "c" * 40)
    make_fault((snapshot_dir / "tokenizer_config.json").resolve(), fault)
    with pytest.raises(ModelUnavailable) as raised:
        resolve_model("brief-tests/broken", offline=True, cache_dir=cache)
    assert "tokenizer_config.json" in str(raised.value) and SAID[fault] in str(raised.value)


def test_a_summariser_whose_tokenizer_is_a_fifo_is_refused_in_one_line(
    earlier: tuple[Path, Path], tiny_qwen: Path, tmp_path: Path
) -> None:
    model = tmp_path / "qwen"
    args = ("--lang", "it", "--summarizer", model)
    run = brief_with_fault(earlier, tiny_qwen, model, "tokenizer.json", "fifo", *args)
    assert_refused(run, model / "tokenizer.json", SAID["fifo"], "--summarizer")


@pytest.mark.parametrize("given", ["a fifo", "/dev/zero"])
def test_a_model_path_that_is_not_a_folder_is_refused_in_one_line(
    earlier: tuple[Path, Path], tmp_path: Path, given: str
) -> None:
    inputs, _ = earlier
    path = Path(given)
    if given == "a fifo":
        path = tmp_path / "model"
        os.mkfifo(path)
    run = brief(inputs, "--lang", "en", "--model", path, "--out", tmp_path / "new")
    assert run.returncode == 2, run.stdout + run.stderr
    (line,) = run.stderr.splitlines()
    assert f"model path {path} is a " in line and "not the folder holding" in line, line
    assert not (tmp_path / "new").exists()
