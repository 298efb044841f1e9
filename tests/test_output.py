"""Slugs that cannot escape, atomic writes, the output lock and dated folders."""

from __future__ import annotations

import os
import stat
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest

from summarize.errors import LockTimeout, OutputError
from summarize.layout import LOCK_NAME
from summarize.output.files import (
    current_umask,
    locked,
    prepare_out,
    resolve_out,
    write_atomic,
)
from summarize.output.slugs import slugify, unique_slugs


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Guerra in Ucraina: primi contatti", "guerra-in-ucraina-primi-contatti"),
        ("Perché è già così?", "perche-e-gia-cosi"),
        ("../../etc/passwd", "etc-passwd"),
        ("/", "article"),
        ("🔥🔥", "article"),
        ("<script>alert(1)</script> # *x*", "script-alert-1-script-x"),
    ],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slugs_are_unique_short_and_plain() -> None:
    slugs = unique_slugs(["Stesso titolo", "Stesso titolo", "stesso-titolo", "x" * 500])
    assert slugs[:3] == ["stesso-titolo", "stesso-titolo-2", "stesso-titolo-3"]
    assert len(slugs[3]) <= 60
    assert all(s.isascii() and "/" not in s and not s.startswith(".") for s in slugs)


def test_write_atomic_replaces_whole_file_and_leaves_no_temporaries(tmp_path: Path) -> None:
    target = tmp_path / "digest.md"
    write_atomic(target, "old\n")
    write_atomic(target, "new\n")
    assert target.read_text() == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digest.md"]


def test_dated_out_pattern() -> None:
    assert resolve_out("out/%Y-%m-%d", datetime(2026, 11, 22)) == Path("out/2026-11-22")
    assert resolve_out("out") == Path("out")


def test_unwritable_out_is_an_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match=r"is not writable \(Not a directory\)$") as info:
        prepare_out(blocker / "out")
    assert info.value.setting == "out"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes anywhere")
def test_readonly_out_is_an_output_error(tmp_path: Path) -> None:
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(OutputError):
            prepare_out(tmp_path / "out")
    finally:
        tmp_path.chmod(0o700)


def test_second_lock_holder_times_out(tmp_path: Path) -> None:
    # filelock is re-entrant within one object, not across objects: a second lock waits.
    with (
        locked(tmp_path, 0),
        pytest.raises(LockTimeout, match="another brief run"),
        locked(tmp_path, 0.2),
    ):
        pass


def test_a_lock_file_removed_by_its_holder_never_lets_two_runs_in(tmp_path: Path) -> None:
    """A refused run removes the lock file it created while holding it. A run that was
    waiting then holds an inode no longer at the path, and a run starting after the
    removal creates a new one: each must see the other, or two runs write at once."""
    holding: list[str] = []
    most = 0
    guard = threading.Lock()

    def run(name: str, seconds: float, remove: bool = False) -> None:
        nonlocal most
        with locked(tmp_path, 10):
            with guard:
                holding.append(name)
                most = max(most, len(holding))
            time.sleep(seconds)
            if remove:
                (tmp_path / LOCK_NAME).unlink()
            with guard:
                holding.remove(name)

    refused = threading.Thread(target=run, args=("refused", 0.3, True))
    refused.start()
    time.sleep(0.1)
    waiting = threading.Thread(target=run, args=("waiting", 0.6))
    waiting.start()
    time.sleep(0.4)  # the refused run has removed the lock file; "waiting" holds the orphan
    late = threading.Thread(target=run, args=("late", 0.6))
    late.start()
    for thread in (refused, waiting, late):
        thread.join(timeout=30)
    assert most == 1, "two runs held the output folder's lock at once"


def test_new_files_follow_the_umask_and_replaced_files_keep_their_mode(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.md", "x\n")
        assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o644
        os.umask(0o077)
        write_atomic(tmp_path / "private.md", "x\n")
        assert stat.S_IMODE((tmp_path / "private.md").stat().st_mode) == 0o600
        (tmp_path / "new.md").chmod(0o664)
        write_atomic(tmp_path / "new.md", "y\n")
        assert stat.S_IMODE((tmp_path / "new.md").stat().st_mode) == 0o664
    finally:
        os.umask(old)


def test_the_umask_is_read_without_being_changed() -> None:
    old = os.umask(0o027)
    try:
        assert current_umask() == 0o027
        assert current_umask() == 0o027
    finally:
        os.umask(old)


def test_a_folder_in_the_way_is_an_output_error_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "digest.md").mkdir()
    with pytest.raises(OutputError) as info:
        write_atomic(tmp_path / "digest.md", "x\n")
    assert (
        str(info.value)
        == f"{tmp_path / 'digest.md'}: cannot write (a folder is in the way; move it)"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digest.md"], "no temporary left"
