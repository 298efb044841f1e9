"""Installing: `brief` from a built wheel (not editable) briefs the seeds exactly as the
checkout does, with templates and prompts inside the wheel and developer tools out of it; the
README's scripts/setup and scripts/run do their own set-up, skip pip on a rerun, and fall back
to Italian-only, with one line saying why, when the translation model cannot be had; install
hints name the distribution that is really ours ("brief" on PyPI is an unrelated project).

Everything here is offline: the wheel is built without build isolation (hatchling and
editables come with the test extras), and the fresh virtual environments see this
environment's dependencies through a .pth line (which, unlike a site dir, does not run the
editable install's own .pth, so the checkout is not importable there)."""

from __future__ import annotations

import json
import os
import re
import shutil
import site
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import TINY_HUB_COMMIT, install_in_hub_cache

ROOT = Path(__file__).resolve().parent.parent
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


def _fresh_venv(venv: Path) -> Path:
    """A venv without packages of its own that sees this environment's site-packages."""
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"])
    ours = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (Path(purelib.stdout.strip()) / "host-deps.pth").write_text("\n".join(ours) + "\n")
    return python


@pytest.fixture(scope="module")
def wheel_venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the wheel."""
    venv = tmp_path_factory.mktemp("wheel-venv") / "venv"
    python = _fresh_venv(venv)
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


def _stable_digest(out: Path) -> dict[str, object]:
    data = json.loads((out / "digest.json").read_text())
    for volatile in ("generated_at", "run"):
        data.pop(volatile)
    return data


def test_the_wheel_ships_the_templates_and_no_developer_tools(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    templates = sorted(
        p.name
        for folder in ("prompts", "templates")
        for p in (ROOT / "summarize" / folder).glob("*.j2")
    )
    assert templates
    assert (
        sorted(
            Path(n).name
            for n in names
            if n.startswith(("summarize/prompts/", "summarize/templates/"))
        )
        == templates
    )
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
    args = ["seeds/", "--lang", "it", "--no-cache", "--out"]
    result = _run([brief, *args, "wheel"], cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    checkout = _run(
        [sys.executable, "-m", "summarize", *args, "checkout"],
        cwd=tmp_path,
        env=env | {"PYTHONPATH": str(ROOT)},
    )
    assert checkout.returncode == 0, checkout.stderr

    produced = sorted((tmp_path / "wheel" / "briefings").iterdir())
    wanted = sorted((tmp_path / "checkout" / "briefings").iterdir())
    assert [p.name for p in produced] == [p.name for p in wanted]
    assert any(p.suffix == ".md" for p in produced)
    for got, want in zip(produced, wanted, strict=True):
        assert got.read_text() == want.read_text(), f"{got.name} differs from the checkout's"
    assert _stable_digest(tmp_path / "wheel") == _stable_digest(tmp_path / "checkout")

    version = _run([brief, "--version"], cwd=tmp_path, env=env)
    assert version.returncode == 0 and version.stdout.startswith("brief "), version.stderr


def test_install_hints_name_our_distribution() -> None:
    """Every `pip install 'NAME[extra]'` in the README, --help and error messages names the
    distribution in pyproject.toml, not the unrelated "brief" on PyPI."""
    name = _distribution_name()
    files = [ROOT / "README.md", *ROOT.glob("docs/**/*.md"), *ROOT.glob("summarize/**/*.py")]
    texts = {path: path.read_text() for path in files}
    hints = [
        (path.relative_to(ROOT), match.group(1))
        for path, text in texts.items()
        for match in re.finditer(r"pip install -?-?[a-z]* ?['\"]?([A-Za-z0-9_.-]+)\[", text)
    ]
    assert hints, "no install hints found"
    wrong = [(str(path), dist) for path, dist in hints if dist not in {name, "."}]
    assert not wrong, f"install hints naming another distribution than {name}: {wrong}"


# --- the README's scripts -----------------------------------------------------------------


def _offline_pip_env(home: Path) -> dict[str, str]:
    env = _clean_env()
    env |= {"PIP_NO_INDEX": "1", "PIP_NO_BUILD_ISOLATION": "0", "XDG_CACHE_HOME": str(home)}
    env |= {"HF_HOME": str(home / "hf"), "HF_HUB_CACHE": str(home / "hf" / "hub")}
    return env


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the checkout whose .venv scripts/setup has filled (offline: the packages come
    from this environment), as after a newcomer's first command."""
    copy = tmp_path_factory.mktemp("clone") / "brief"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("summarize", "scripts", "seeds"):
        shutil.copytree(ROOT / folder, copy / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md", ".gitignore"):
        shutil.copy(ROOT / name, copy / name)
    _fresh_venv(copy / ".venv")
    first = _run([str(copy / "scripts" / "setup"), "fast"], env=_offline_pip_env(copy))
    assert first.returncode == 0, first.stderr
    assert "installing into .venv" in first.stderr
    return copy


def test_a_second_setup_skips_pip_until_pyproject_changes(clone: Path) -> None:
    setup = str(clone / "scripts" / "setup")
    env = _offline_pip_env(clone)
    started = time.monotonic()
    again = _run([setup, "fast"], env=env, cwd=clone / "seeds")
    assert (again.returncode, again.stderr) == (0, "")
    assert time.monotonic() - started < 5

    pyproject = clone / "pyproject.toml"
    original = pyproject.read_text()
    stamps = {path: path.read_text() for path in (clone / ".venv").glob(".brief-setup-*")}
    assert stamps
    pyproject.write_text(original + "\n# changed\n")
    try:
        changed = _run([setup, "fast"], env=env)
    finally:  # what the stamps said holds again for the other tests
        pyproject.write_text(original)
        for path, text in stamps.items():
            path.write_text(text)
    assert changed.returncode == 0, changed.stderr
    assert "installing into .venv" in changed.stderr


def test_run_falls_back_to_italian_with_one_line_why(clone: Path, tmp_path: Path) -> None:
    env = _offline_pip_env(tmp_path) | {"BRIEF_OUT": str(tmp_path / "out")}
    result = _run([str(clone / "scripts" / "run"), "--no-cache"], env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "setup: " not in result.stderr  # set up already: no pip at all
    why = [line for line in result.stderr.splitlines() if line.startswith("run: ")]
    assert len(why) == 2, result.stderr  # "fetching ..." and the one reason
    assert why[1].startswith("run: the translation model cannot be downloaded (model ")
    assert "offline mode is on" in why[1] and why[1].endswith("brief seeds/ --lang it")
    assert "brief: error" not in result.stderr
    digest = json.loads((tmp_path / "out" / "digest.json").read_text())
    assert digest["lang"] == "it" and len(digest["articles"]) == 2
    last = result.stdout.splitlines()[-1]
    assert last == f"run: digest: {(tmp_path / 'out' / 'digest.md').resolve()}"


def test_run_translates_when_the_model_is_cached(
    clone: Path, tiny_model: Path, tmp_path: Path
) -> None:
    env = _offline_pip_env(tmp_path) | {"BRIEF_OUT": str(tmp_path / "out")}
    install_in_hub_cache(
        tiny_model, tmp_path / "hf" / "hub", "Helsinki-NLP/opus-mt-it-en", TINY_HUB_COMMIT
    )
    result = _run([str(clone / "scripts" / "run"), "--no-cache"], env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "run: " not in result.stderr and "setup: " not in result.stderr
    digest = json.loads((tmp_path / "out" / "digest.json").read_text())
    assert digest["lang"] == "en" and len(digest["articles"]) == 2
    assert result.stdout.splitlines()[-1].startswith("run: digest: ")
