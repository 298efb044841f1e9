"""`--ray`: the same run on Ray actors gives the same digest as a local run.

One local Ray (2 CPUs, no dashboard) is started for the module and shut down after it;
`brief --ray auto` then joins it instead of starting its own.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from summarize.cli import app

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
RAY_CPUS = 2


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    ray = pytest.importorskip("ray")
    ray.init(
        num_cpus=RAY_CPUS,
        include_dashboard=False,
        log_to_driver=False,
        logging_level="ERROR",
    )
    yield ray
    ray.shutdown()


def brief(*args: str | Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, [str(a) for a in args])


def comparable(out: Path) -> dict[str, Any]:
    """digest.json without what is about time: when it was made and how long it took."""
    data = json.loads((out / "digest.json").read_text(encoding="utf-8"))
    data.pop("generated_at", None)
    data["run"].pop("seconds", None)
    return data


@pytest.mark.parametrize("kind", ["tiny_bart", "tiny_qwen"])
def test_ray_run_equals_the_local_run(
    kind: str, local_ray: Any, request: pytest.FixtureRequest, tiny_model: Path, tmp_path: Path
) -> None:
    from summarize.distributed.cluster import kept_workers

    summarizer = request.getfixturevalue(kind)
    common = (
        SEEDS, "--lang", "en", "--model", tiny_model, "--beams", "1", "--full",
        "--summarizer", summarizer, "--summary-tokens", "24",
    )  # fmt: skip
    on_ray = ("--ray", "auto", "--ray-workers", "2", "--verbose")
    local = brief(*common, "--cache", tmp_path / "c-local", "--out", tmp_path / "local")
    assert local.exit_code == 0, local.stderr
    expected = comparable(tmp_path / "local")
    assert expected["run"]["translated"] > 10

    remote = brief(*common, *on_ray, "--cache", tmp_path / "c-ray", "--out", tmp_path / "ray")
    assert remote.exit_code == 0, remote.stderr
    # the models really ran on the two actors
    assert "Ray: 2 actors ready" in remote.stderr
    assert "summary_key on 2 actors" in remote.stderr
    assert "load_translator on 2 actors" in remote.stderr
    assert comparable(tmp_path / "ray") == expected
    for briefing in sorted((tmp_path / "local" / "briefings").iterdir()):
        assert (tmp_path / "ray" / "briefings" / briefing.name).read_bytes() == (
            briefing.read_bytes()
        )

    # The driver filled its cache with what the actors sent back: a rerun sends nothing.
    again = brief(*common, *on_ray, "--cache", tmp_path / "c-ray", "--out", tmp_path / "again")
    assert again.exit_code == 0, again.stderr
    assert "on 2 actors" not in again.stderr
    rerun = comparable(tmp_path / "again")
    assert rerun["run"]["translated"] == 0
    assert rerun["articles"] == expected["articles"]

    # A worker killed between runs is restarted by Ray and the work retried: same digest.
    workers = kept_workers()
    assert len(workers) == 2
    os.kill(workers[0].pid, signal.SIGKILL)
    revived = brief(*common, *on_ray, "--cache", tmp_path / "c-new", "--out", tmp_path / "new")
    assert revived.exit_code == 0, revived.stderr
    assert comparable(tmp_path / "new") == expected
    assert workers[0].pid not in {w.pid for w in kept_workers()}


def test_more_workers_than_the_cluster_holds_is_exit_2_before_any_work(
    local_ray: Any, tiny_model: Path, tmp_path: Path
) -> None:
    result = brief(
        SEEDS, "--lang", "en", "--model", tiny_model, "--out", tmp_path / "out",
        "--cache", tmp_path / "cache", "--ray", "auto", "--ray-workers", str(RAY_CPUS + 1),
    )  # fmt: skip
    assert result.exit_code == 2
    assert f"use --ray-workers {RAY_CPUS}" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out" / "digest.json").exists()


def test_ray_missing_is_exit_2_with_the_install_line(tmp_path: Path) -> None:
    code = (
        "import sys; sys.modules['ray'] = None\n"  # as if Ray were not installed
        "from summarize.cli import main\n"
        f"main([{str(SEEDS)!r}, '--ray', 'auto', '--out', {str(tmp_path / 'out')!r}])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    from summarize.distributed import RAY_INSTALL

    assert result.returncode == 2
    assert RAY_INSTALL in result.stderr
    assert not (tmp_path / "out").exists()


def test_help_imports_no_ray() -> None:
    code = (
        "import sys\n"
        "from summarize.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('RAY-IMPORTED' if 'ray' in sys.modules else 'NO-RAY')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert "--ray" in result.stdout
    assert result.stdout.strip().endswith("NO-RAY")
