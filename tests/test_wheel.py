"""`brief` installed from a built wheel (not editable) works like the checkout: templates and
prompts travel inside the wheel, developer tools stay out, and install hints name the
distribution that is really ours ("brief" on PyPI is an unrelated project).

The wheel is built offline (no build isolation, hatchling comes with the test extras) and
installed into a fresh virtual environment that sees this environment's dependencies through a
.pth line but not the checkout, then briefs the seeds from a temporary folder."""

from __future__ import annotations

import os
import re
import shutil
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).resolve().parent / "expected"
TIMEOUT = 180


def _distribution_name() -> str:
    project = (ROOT / "pyproject.toml").read_text().split("[project]", 1)[1]
    match = re.search(r'^name = "([^"]+)"', project, re.MULTILINE)
    assert match, "no [project] name in pyproject.toml"
    return match.group(1)


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, capture_output=True, text=True, timeout=TIMEOUT, check=False, **kwargs
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dist = tmp_path_factory.mktemp("dist")
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(dist), str(ROOT)]
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    (path,) = dist.glob("*.whl")
    return path


@pytest.fixture(scope="module")
def wheel_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel; dependencies come from this environment's
    site-packages through a .pth line, which (unlike a site dir) does not run the editable
    install's own .pth, so the checkout is not importable there."""
    venv = tmp_path_factory.mktemp("wheel-venv") / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    ours = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(purelib.stdout.strip()) / "host-deps.pth").write_text("\n".join(ours) + "\n")
    installed = _run(
        [str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--ignore-installed",
         "-q", str(wheel)]
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr
    return venv


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["HF_HUB_OFFLINE"] = "1"
    return env


def test_the_wheel_ships_the_templates_and_no_developer_tools(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    templates = sorted(p.name for p in (ROOT / "summarize" / "prompts").glob("*.j2"))
    assert templates
    assert sorted(Path(n).name for n in names if n.startswith("summarize/prompts/")) == templates
    for tool in ("benchmarks/", "devtools/", "tests/", "seeds/"):
        assert not [n for n in names if n.startswith(tool)], f"{tool} is in the wheel"
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    meta = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA")))
    assert f"Name: {_distribution_name()}\n" in meta.decode()
    assert wheel.name.startswith(_distribution_name().replace("-", "_") + "-")


def test_brief_from_the_wheel_briefs_the_seeds(wheel_venv: Path, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    env = _clean_env()
    where = _run(
        [str(wheel_venv / "bin" / "python"), "-c", "import summarize; print(summarize.__file__)"],
        cwd=tmp_path,
        env=env,
    )
    assert Path(where.stdout.strip()).is_relative_to(wheel_venv), where.stdout + where.stderr

    brief = str(wheel_venv / "bin" / "brief")
    result = _run(
        [brief, "seeds/", "--lang", "it", "--out", "out", "--no-cache"], cwd=tmp_path, env=env
    )
    assert result.returncode == 0, result.stderr
    produced = sorted((tmp_path / "out" / "briefings").glob("*.md"))
    expected = sorted((EXPECTED / "briefings").glob("*.md"))
    assert [p.name for p in produced] == [p.name for p in expected]
    for got, want in zip(produced, expected, strict=True):
        assert got.read_text() == want.read_text(), f"{got.name} differs from tests/expected"
    assert (tmp_path / "out" / "digest.md").is_file()

    version = _run([brief, "--version"], cwd=tmp_path, env=env)
    assert version.returncode == 0 and version.stdout.startswith("brief "), version.stderr


def test_install_hints_name_our_distribution() -> None:
    """Every `pip install 'NAME[extra]'` in the README, --help and error messages names the
    distribution in pyproject.toml, not the unrelated "brief" on PyPI."""
    name = _distribution_name()
    texts = {ROOT / "README.md": (ROOT / "README.md").read_text()}
    texts |= {p: p.read_text() for p in (ROOT / "summarize").rglob("*.py")}
    hints = [
        (path.relative_to(ROOT), match.group(1))
        for path, text in texts.items()
        for match in re.finditer(r"pip install -?-?[a-z]* ?['\"]?([A-Za-z0-9_.-]+)\[", text)
    ]
    assert hints, "no install hints found"
    wrong = [(str(path), dist) for path, dist in hints if dist not in {name, "."}]
    assert not wrong, f"install hints naming another distribution than {name}: {wrong}"
