"""Shared fixtures. No test reaches a model hub or sees the real Hugging Face cache."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest
from loopback import Loopback

# --- models -----------------------------------------------------------------------------
# Set at import time, before any test imports huggingface_hub (which reads them once).
_HF_HOME = tempfile.mkdtemp(prefix="brief-hf-home-")
os.environ["HF_HOME"] = _HF_HOME
os.environ["HF_HUB_CACHE"] = str(Path(_HF_HOME) / "hub")
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
# brief's own user cache (translations, compiled templates) too: no test touches the real home.
os.environ["XDG_CACHE_HOME"] = str(Path(_HF_HOME) / "xdg-cache")
# One torch thread: the tiny model gains nothing from two, and when other processes keep
# the cores busy (parallel sessions, CI neighbours) two threads waiting on each other's
# barriers made its translation 10x slower here (44 s instead of 3.7 s for the seeds).
os.environ.setdefault("OMP_NUM_THREADS", "1")

TESTS_DIR = Path(__file__).resolve().parent
SEEDS_DIR = TESTS_DIR.parent / "seeds"


def seed_texts() -> list[str]:
    """The sample articles, the corpus test models learn their vocabulary from."""
    texts = [path.read_text(encoding="utf-8") for path in sorted(SEEDS_DIR.glob("*.txt"))]
    assert texts, f"no seed articles in {SEEDS_DIR}"
    return texts


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random-weight MarianMT model in the Hugging Face layout, built once per session."""
    from devtools.modelfactory import build_marian

    return build_marian(tmp_path_factory.mktemp("models") / "tiny-marian", "tiny", seed_texts())


@pytest.fixture(scope="session", autouse=True)
def _remove_hf_home() -> Iterator[None]:
    yield
    import shutil

    shutil.rmtree(_HF_HOME, ignore_errors=True)


# A made-up commit hash: the hub cache names snapshot folders by the commit they hold.
TINY_HUB_ID = "brief-tests/tiny-marian"
TINY_HUB_COMMIT = "0123456789abcdef0123456789abcdef01234567"


def install_in_hub_cache(model: Path, cache_dir: Path, repo_id: str, commit: str) -> Path:
    """Copy a model folder into ``cache_dir`` exactly as huggingface_hub stores a download:
    content-addressed blobs, a snapshot of symlinks named by commit, refs/main -> commit."""
    import hashlib
    import shutil

    repo = cache_dir / ("models--" + repo_id.replace("/", "--"))
    blobs = repo / "blobs"
    snapshot = repo / "snapshots" / commit
    blobs.mkdir(parents=True, exist_ok=True)
    snapshot.mkdir(parents=True, exist_ok=True)
    for path in sorted(model.iterdir()):
        if not path.is_file():
            continue
        blob = blobs / hashlib.sha256(path.read_bytes()).hexdigest()
        if not blob.exists():
            shutil.copyfile(path, blob)
        link = snapshot / path.name
        if not link.exists():
            link.symlink_to(Path("..", "..", "blobs", blob.name))
    (repo / "refs").mkdir(exist_ok=True)
    (repo / "refs" / "main").write_text(commit)
    return snapshot


class HubCache(NamedTuple):
    cache_dir: Path
    repo_id: str
    commit: str
    snapshot: Path


@pytest.fixture(scope="session")
def tiny_hub_cache(tiny_model: Path, tmp_path_factory: pytest.TempPathFactory) -> HubCache:
    """A Hugging Face cache folder holding the tiny model as a hub download, the way
    ``brief models pull`` would leave it."""
    cache_dir = tmp_path_factory.mktemp("hf-cache")
    snapshot = install_in_hub_cache(tiny_model, cache_dir, TINY_HUB_ID, TINY_HUB_COMMIT)
    return HubCache(cache_dir, TINY_HUB_ID, TINY_HUB_COMMIT, snapshot)


@pytest.fixture(scope="session")
def tiny_bart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random sequence-to-sequence summariser (BART shape) with a chat-free tokenizer."""
    from devtools.sumfactory import build_seq2seq

    return build_seq2seq(tmp_path_factory.mktemp("sum") / "tiny-bart", "tiny", seed_texts())


@pytest.fixture(scope="session")
def tiny_qwen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random instruction model (Qwen2 shape) with a chat template."""
    from devtools.sumfactory import build_causal

    return build_causal(tmp_path_factory.mktemp("sum") / "tiny-qwen", "tiny", seed_texts())


# --- the web ------------------------------------------------------------------------------


@pytest.fixture
def server() -> Iterator[Loopback]:
    """A real HTTP server on 127.0.0.1 for the test's routes, closed after it."""
    srv = Loopback()
    yield srv
    srv.close()
