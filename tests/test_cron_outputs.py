"""What a cron run leaves in its output folder: the digest's files change together or not at
all, what was damaged by hand is written again, copies are reported, a refused run leaves
nothing behind. Real runs of the CLI (``--lang it``: no model), real file systems."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from child import run_brief
from mounts import tmpfs
from outfiles import snapshot

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DIGEST_FILES = ("digest.md", "digest.html", "digest.json")


def brief(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return run_brief(*args, cwd=cwd)


def seeds_varied(folder: Path, copies: int, start: int = 0) -> Path:
    """The seeds under new names and titles: ``copies`` new articles for each seed."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + copies):
        for seed in sorted(SEEDS.glob("*.txt")):
            text = seed.read_text(encoding="utf-8")
            (folder / f"{n:03d}-{seed.name}").write_text(text.replace("Usa", f"Usa {n}", 1))
    return folder


def assert_consistent(out: Path) -> None:
    """The digest's three files come from one run, and every briefing it links is there."""
    present = [name for name in DIGEST_FILES if (out / name).exists()]
    if not present:
        assert not list((out / "briefings").glob("*.md")) if (out / "briefings").exists() else True
        return
    assert present == list(DIGEST_FILES), f"a partial digest: {present}"
    data = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    md = (out / "digest.md").read_text(encoding="utf-8")
    html = (out / "digest.html").read_text(encoding="utf-8")
    for article in data["articles"]:
        assert article["briefing"] in md
        assert article["briefing_html"] in html
        assert (out / article["briefing"]).is_file()
        assert (out / article["briefing_html"]).is_file()
    assert md.count("](briefings/") >= len(data["articles"])


def no_temporaries(out: Path) -> list[str]:
    return [p.name for p in out.rglob(".*.tmp")]


def fill(folder: Path, leave: int) -> Path:
    """Fill ``folder``'s file system until ``leave`` bytes are free; return the filler."""
    filler = folder / f"filler-{uuid.uuid4().hex}"
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with filler.open("wb") as handle, contextlib.suppress(OSError):
        handle.write(b"\0" * max(0, free - leave))
    return filler


# --- all or nothing ----------------------------------------------------------------------


@pytest.mark.parametrize("leave", [0, 12 * 1024, 48 * 1024, 120 * 1024, 260 * 1024])
def test_disk_full_over_an_earlier_digest_changes_all_files_or_none(
    tmp_path: Path, leave: int
) -> None:
    inputs = seeds_varied(tmp_path / "in", 1)
    with tmpfs(tmp_path / "fs", "size=1m") as fs:
        out = fs / "out"
        assert brief(inputs, "--lang", "it", "--out", out).returncode == 0
        before = snapshot(out)
        seeds_varied(inputs, 8, start=1)
        filler = fill(fs, leave)
        full = brief(inputs, "--lang", "it", "--out", out)
        assert full.returncode in (0, 2), full.stderr
        if full.returncode == 2:
            assert "cannot write" in full.stderr and "no space left" in full.stderr
            assert str(out) in full.stderr, "the error names the file"
            assert snapshot(out) == before, "a failed run changed the outputs"
        assert_consistent(out)
        assert no_temporaries(out) == []
        filler.unlink()
        again = brief(inputs, "--lang", "it", "--out", out)
        assert again.returncode == 0, again.stderr
        data = json.loads((out / "digest.json").read_text())
        assert len(data["articles"]) == 18, "the next run with space briefs every article"
        assert_consistent(out)


@pytest.mark.parametrize("leave", [0, 40 * 1024, 200 * 1024])
def test_disk_full_on_a_fresh_out_leaves_no_half_set(tmp_path: Path, leave: int) -> None:
    inputs = seeds_varied(tmp_path / "in", 9)
    with tmpfs(tmp_path / "fs", "size=1m") as fs:
        out = fs / "out"
        filler = fill(fs, leave)
        full = brief(inputs, "--lang", "it", "--out", out)
        assert full.returncode in (0, 2), full.stderr
        if full.returncode == 2:
            assert not out.exists() or snapshot(out) == {}, "a half set of outputs stayed"
        assert_consistent(out) if out.exists() else None
        filler.unlink()
        again = brief(inputs, "--lang", "it", "--out", out)
        assert again.returncode == 0, again.stderr
        assert len(json.loads((out / "digest.json").read_text())["articles"]) == 18


def test_a_folder_in_the_way_of_digest_json_changes_nothing(tmp_path: Path) -> None:
    inputs = seeds_varied(tmp_path / "in", 1)
    out = tmp_path / "out"
    assert brief(inputs, "--lang", "it", "--out", out).returncode == 0
    (out / "digest.json").unlink()
    (out / "digest.json").mkdir()
    before = snapshot(out)
    seeds_varied(inputs, 1, start=1)
    proc = brief(inputs, "--lang", "it", "--out", out)
    assert proc.returncode == 2
    assert "digest.json" in proc.stderr and "folder is in the way" in proc.stderr
    assert snapshot(out) == before, "digest.md/.html or briefings were replaced"
    assert no_temporaries(out) == []
    (out / "digest.json").rmdir()
    proc = brief(inputs, "--lang", "it", "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads((out / "digest.json").read_text())["articles"]) == 4


def test_a_folder_in_the_way_of_a_briefing_changes_nothing(tmp_path: Path) -> None:
    inputs = seeds_varied(tmp_path / "in", 1)
    out = tmp_path / "out"
    assert brief(inputs, "--lang", "it", "--out", out).returncode == 0
    seeds_varied(inputs, 1, start=1)
    # the new articles' briefings get these names (a slug of the title, "Usa 1")
    blocker = out / "briefings" / "guerra-in-ucraina-primi-contatti-ufficiali-tra-usa-1-e.html"
    blocker.mkdir()
    before = snapshot(out)
    proc = brief(inputs, "--lang", "it", "--out", out)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert blocker.name in proc.stderr
    assert snapshot(out) == before
    assert no_temporaries(out) == []


# --- what was written is there as written ------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    ["digest.json garbage", "digest.md gone", "digest.html truncated", "briefings gone"],
)
def test_outputs_damaged_by_hand_are_written_again(tmp_path: Path, damage: str) -> None:
    inputs = seeds_varied(tmp_path / "in", 1)
    out = tmp_path / "out"
    assert brief(inputs, "--lang", "it", "--out", out).returncode == 0
    quiet = brief(inputs, "--lang", "it", "--out", out)
    assert "0 new, digest unchanged" in quiet.stdout
    if damage == "digest.json garbage":
        (out / "digest.json").write_text("garbage")
    elif damage == "digest.md gone":
        (out / "digest.md").unlink()
    elif damage == "digest.html truncated":
        text = (out / "digest.html").read_text()
        (out / "digest.html").write_text(text[: len(text) // 2])
    else:
        shutil.rmtree(out / "briefings")
    proc = brief(inputs, "--lang", "it", "--out", out)
    assert proc.returncode == 0, proc.stderr
    assert "digest unchanged" not in proc.stdout
    assert "written again" in proc.stderr
    assert_consistent(out)
    assert len(json.loads((out / "digest.json").read_text())["articles"]) == 2
    assert "0 new, digest unchanged" in brief(inputs, "--lang", "it", "--out", out).stdout


# --- copies -------------------------------------------------------------------------------


def test_identical_files_are_reported_and_the_article_stays_while_a_copy_remains(
    tmp_path: Path,
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    text = sorted(SEEDS.glob("*.txt"))[0].read_text(encoding="utf-8")
    for name in ("a.txt", "b.txt", "c.txt"):
        (inputs / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    proc = brief(inputs, "--lang", "it", "--out", out, "--explain")
    assert proc.returncode == 0, proc.stderr
    for copy in ("b.txt", "c.txt"):
        assert f"in/{copy}: same text as " in proc.stdout.replace(str(tmp_path) + "/", "")
    data = json.loads((out / "digest.json").read_text())
    assert len(data["articles"]) == 1
    article = data["articles"][0]
    assert article["source"].endswith("a.txt")
    assert [Path(s).name for s in article["also_published"]] == ["b.txt", "c.txt"]
    assert "c.txt" in (out / "digest.md").read_text()

    (inputs / "a.txt").unlink()
    proc = brief(inputs, "--lang", "it", "--out", out)
    assert proc.returncode == 0, proc.stderr
    data = json.loads((out / "digest.json").read_text())
    assert [Path(a["source"]).name for a in data["articles"]] == ["b.txt"]
    assert [Path(s).name for s in data["articles"][0]["also_published"]] == ["c.txt"]
    assert_consistent(out)

    (inputs / "b.txt").unlink()
    proc = brief(inputs, "--lang", "it", "--out", out)
    data = json.loads((out / "digest.json").read_text())
    assert [Path(a["source"]).name for a in data["articles"]] == ["c.txt"]
    assert "also_published" not in data["articles"][0]
    assert_consistent(out)


# --- a refused run -----------------------------------------------------------------------


@pytest.mark.parametrize("where", ["the input folder", "a new folder inside it"])
def test_a_refused_run_leaves_nothing_behind(tmp_path: Path, where: str) -> None:
    inputs = tmp_path / "in"
    shutil.copytree(SEEDS, inputs)
    before = sorted(p.relative_to(inputs).as_posix() for p in inputs.rglob("*"))
    if where == "the input folder":
        args: tuple[str | Path, ...] = (inputs, "--out", inputs)
    else:  # every input given is inside the output folder
        args = (*sorted(inputs.glob("*.txt")), "--out", inputs)
    proc = brief(*args, "--lang", "it")
    assert proc.returncode == 2
    after = sorted(p.relative_to(inputs).as_posix() for p in inputs.rglob("*"))
    assert after == before, "the lock, run state or briefings stayed in the input folder"
    for _ in range(2):
        later = brief(inputs, "--lang", "it", "--out", tmp_path / "out")
        assert later.returncode == 0, later.stderr
    assert len(json.loads((tmp_path / "out" / "digest.json").read_text())["articles"]) == 2


def test_a_refused_run_keeps_what_an_earlier_run_left(tmp_path: Path) -> None:
    inputs = seeds_varied(tmp_path / "in", 1)
    out = tmp_path / "out"
    assert brief(inputs, "--lang", "it", "--out", out).returncode == 0
    before = sorted(p.name for p in out.rglob("*"))
    (tmp_path / "empty").mkdir()
    proc = brief(tmp_path / "empty", "--lang", "it", "--out", out)
    assert proc.returncode == 2
    assert sorted(p.name for p in out.rglob("*")) == before


# --- the publishing step itself ----------------------------------------------------------


def test_a_rename_failing_midway_puts_every_old_file_back(tmp_path: Path) -> None:
    from summarize.errors import OutputError
    from summarize.output.publish import publish

    names = ["briefings/a.md", "briefings/b.md", "digest.md", "digest.json"]
    publish((tmp_path / n, f"old {n}\n") for n in names)
    before = snapshot(tmp_path)

    def files() -> Iterator[tuple[Path, str]]:
        yield tmp_path / "briefings" / "a.md", "new a\n"
        yield tmp_path / "briefings" / "c.md", "new c\n"
        yield tmp_path / "digest.md", "new digest\n"
        yield tmp_path / "digest.json", "new json\n"
        # all written: a folder appears where digest.json goes, so its rename fails
        # after the others were done
        (tmp_path / "digest.json").unlink()
        (tmp_path / "digest.json").mkdir()
        (tmp_path / "digest.json" / "x").write_text("x")

    with pytest.raises(OutputError, match=r"digest\.json: cannot write \(a folder is in the way"):
        publish(files())
    (tmp_path / "digest.json" / "x").unlink()
    (tmp_path / "digest.json").rmdir()
    after = snapshot(tmp_path)
    assert after == {k: v for k, v in before.items() if k != "digest.json"}
    assert no_temporaries(tmp_path) == []


def test_publishing_over_old_files_keeps_none_of_them_aside(tmp_path: Path) -> None:
    from summarize.output.publish import damaged, publish

    first = publish((tmp_path / n, "one\n") for n in ("digest.md", "briefings/x.md"))
    second = publish((tmp_path / n, "two\n") for n in ("digest.md", "briefings/x.md"))
    assert snapshot(tmp_path) == {"briefings/x.md": b"two\n", "digest.md": b"two\n"}
    assert no_temporaries(tmp_path) == []
    assert [p.sha256 for p in first] != [p.sha256 for p in second]

    class Row:
        def __init__(self, path: Path, size: int, mtime_ns: int, sha256: str) -> None:
            self.path = path.relative_to(tmp_path).as_posix()
            self.size, self.mtime_ns, self.sha256 = size, mtime_ns, sha256

    rows = [Row(p.path, p.size, p.mtime_ns, p.sha256) for p in second]
    assert damaged(tmp_path, rows) == []
    os.utime(tmp_path / "digest.md")  # touched, same content: not damaged
    assert damaged(tmp_path, rows) == []
    (tmp_path / "digest.md").write_text("tw0\n")  # same size, other content
    (tmp_path / "briefings" / "x.md").unlink()
    assert damaged(tmp_path, rows) == ["digest.md", "briefings/x.md"]
