"""A briefing's files (every format brief writes it in) are kept or removed together, and a
``--since`` window that holds no article leaves the folder's digest as it was.

Real runs of the CLI (``--lang it``: no model) on the seed articles, real files."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

from child import run_brief
from outfiles import snapshot

from summarize.output.tidy import BRIEFING_FORMATS, tidy_briefings
from summarize.records import Digest, RunFacts

SEEDS = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))


def brief(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return run_brief(*args)


def inputs(folder: Path, seeds: list[Path]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for seed in seeds:
        shutil.copy(seed, folder / seed.name)
    return folder


def briefing_files(out: Path) -> dict[str, set[str]]:
    """Briefing name (no suffix) -> the formats on disk."""
    found: dict[str, set[str]] = {}
    for path in sorted((out / "briefings").iterdir()):
        found.setdefault(path.stem, set()).add(path.suffix)
    return found


def listed(out: Path) -> list[str]:
    data = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    return [Path(a["briefing"]).stem for a in data["articles"]]


def assert_no_orphans(out: Path) -> None:
    """Every briefing on disk is in every format and listed by the digest, and back."""
    on_disk = briefing_files(out)
    assert all(formats == set(BRIEFING_FORMATS) for formats in on_disk.values()), on_disk
    assert sorted(on_disk) == sorted(listed(out))


def test_every_briefing_is_written_in_the_formats_tidying_removes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = brief(inputs(tmp_path / "in", SEEDS), "--lang", "it", "--out", out)
    assert run.returncode == 0, run.stderr
    assert len(briefing_files(out)) == len(SEEDS)
    assert_no_orphans(out)


def test_an_empty_since_window_keeps_the_digest_and_every_briefing(tmp_path: Path) -> None:
    folder, out = inputs(tmp_path / "in", SEEDS), tmp_path / "out"
    first = brief(folder, "--lang", "it", "--out", out)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    assert len(briefing_files(out)) == len(SEEDS)

    window = brief(folder, "--lang", "it", "--out", out, "--since", "9999-12-31")

    assert window.returncode == 0, window.stderr
    assert "no article first seen since 9999-12-31; digest kept (2 articles)" in window.stderr
    assert snapshot(out) == before  # digest and briefings, md and html, untouched
    assert_no_orphans(out)
    # The next ordinary run still finds the folder's digest as it was: nothing to do.
    again = brief(folder, "--lang", "it", "--out", out)
    assert again.returncode == 0, again.stderr
    assert "0 new, digest unchanged (2 articles" in again.stdout
    assert snapshot(out) == before


def test_a_window_that_starts_later_holds_no_article_first_seen_now(tmp_path: Path) -> None:
    """An input never seen before is first seen by this run: a window starting after
    now does not hold it, and it stays new for the next ordinary run."""
    folder, out = inputs(tmp_path / "in", SEEDS[:1]), tmp_path / "out"
    first = brief(folder, "--lang", "it", "--out", out)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    shutil.copy(SEEDS[1], folder / SEEDS[1].name)

    window = brief(folder, "--lang", "it", "--out", out, "--since", "9999-12-31")

    assert window.returncode == 0, window.stderr
    assert "no article first seen since 9999-12-31; digest kept (1 article)" in window.stderr
    assert snapshot(out) == before
    again = brief(folder, "--lang", "it", "--out", out)
    assert again.returncode == 0, again.stderr
    assert "1 new" in again.stdout, again.stdout
    assert len(briefing_files(out)) == len(SEEDS)


def test_an_empty_since_window_into_its_own_folder_writes_an_empty_digest(
    tmp_path: Path,
) -> None:
    """A view of its own (another folder of the same output tree, so the same run state)
    says what the window holds, even nothing."""
    folder, tree = inputs(tmp_path / "in", SEEDS), tmp_path / "tree"
    assert brief(folder, "--lang", "it", "--out", tree / "%Y").returncode == 0

    run = brief(folder, "--lang", "it", "--out", tree / "view-%Y", "--since", "9999-12-31")

    assert run.returncode == 0, run.stderr
    (view,) = tree.glob("view-*")
    assert listed(view) == []
    assert not (view / "briefings").exists() or not any((view / "briefings").iterdir())


def test_a_shrinking_window_removes_every_format_of_the_briefings_it_drops(
    tmp_path: Path,
) -> None:
    folder, out = inputs(tmp_path / "in", SEEDS[:1]), tmp_path / "out"
    assert brief(folder, "--lang", "it", "--out", out).returncode == 0
    inputs(folder, SEEDS[1:2])
    assert brief(folder, "--lang", "it", "--out", out).returncode == 0
    assert len(briefing_files(out)) == 2

    # 'last': first seen since the previous run started, the second seed only
    window = brief(folder, "--lang", "it", "--out", out, "--since", "last")

    assert window.returncode == 0, window.stderr
    assert len(listed(out)) == 1
    assert len(briefing_files(out)) == 1
    assert_no_orphans(out)


def test_deleted_inputs_take_every_format_of_their_briefing(tmp_path: Path) -> None:
    folder, out = inputs(tmp_path / "in", SEEDS), tmp_path / "out"
    assert brief(folder, "--lang", "it", "--out", out).returncode == 0
    (folder / SEEDS[0].name).unlink()

    run = brief(folder, "--lang", "it", "--out", out)

    assert run.returncode == 0, run.stderr
    assert len(briefing_files(out)) == len(SEEDS) - 1
    assert_no_orphans(out)


def test_a_set_shrinking_to_no_briefing_removes_every_format(tmp_path: Path) -> None:
    """The library's tidying, when the new digest writes no briefing at all: the formats to
    remove do not depend on what this run happened to write."""
    out = tmp_path / "out"
    (out / "briefings").mkdir(parents=True)
    for suffix in BRIEFING_FORMATS:
        (out / "briefings" / f"gone{suffix}").write_text("old", encoding="utf-8")
    mine = out / "briefings" / "notes.txt"  # a file brief did not write stays
    mine.write_text("mine", encoding="utf-8")
    empty = Digest(
        lang="en",
        generated_at=datetime.now(timezone.utc),
        briefings=[],
        stories=[],
        whos_who=[],
        failures=[],
        facts=RunFacts(model=None, engine=None),
    )

    removed = tidy_briefings(out, {"briefings/gone.md": "gone.txt"}, empty, [])

    assert sorted(p.name for p in removed) == sorted(f"gone{s}" for s in BRIEFING_FORMATS)
    assert sorted(p.name for p in (out / "briefings").iterdir()) == ["notes.txt"]
