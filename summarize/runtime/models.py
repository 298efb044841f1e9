"""Which model a language needs, and where a model's files are on this machine.

The one Hugging Face layer of brief, shared by translation and summaries: hub models live
in the standard Hugging Face cache, so ``HF_HOME``, ``HF_HUB_CACHE`` and
``HF_HUB_OFFLINE`` work as users expect; a local folder in the Hugging Face layout is used
as it is. Each kind of model fetches only the files it needs (``FILES``). Nothing here
imports torch or transformers.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from summarize.errors import ModelUnavailable
from summarize.runtime.bounded import kind
from summarize.runtime.environment import env_flag, one_line
from summarize.runtime.modelfiles import (
    check_model_files,
    is_weight_file,
    read_model_file,
    read_model_json,
)

logger = logging.getLogger(__name__)

SOURCE_LANG = "it"

# Target languages with a published Helsinki-NLP/opus-mt-it-{lang} model. Only pairs
# known to exist are listed; any other model is one --model away.
LANG_MODELS: dict[str, str] = {
    lang: f"Helsinki-NLP/opus-mt-it-{lang}"
    for lang in (
        "ar", "bg", "ca", "de", "en", "eo", "es", "fr", "is", "lt", "ms", "sv", "uk", "vi",
    )
}  # fmt: skip

# The files MarianMT needs; README, TensorFlow and Flax weights are never fetched. The
# later tokenizer files (all small) serve other seq2seq models and the summarisers.
ModelKind = Literal["translation", "summarizer"]
CONFIG_FILES = ["config.json", "generation_config.json"]
TOKENIZER_FILES = [
    "*.spm",
    "vocab.json",
    "target_vocab.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
    "tokenizer.json",
    "spiece.model",
    "sentencepiece.bpe.model",
    # BPE tokenizers and chat templates of the summarisation models (--summarizer)
    "merges.txt",
    "added_tokens.json",
    "chat_template.jinja",
    "chat_template.json",
]
SAFETENSORS_FILES = ["*.safetensors", "model.safetensors.index.json"]
TORCH_FILES = ["pytorch_model.bin", "pytorch_model.bin.index.json"]
# A summariser may also need a tokenizer.model (Llama, Mistral, Gemma).
FILES: dict[str, list[str]] = {
    "translation": CONFIG_FILES + TOKENIZER_FILES,
    "summarizer": [*CONFIG_FILES, *TOKENIZER_FILES, "*.model"],
}
WEIGHT_NAMES = ("model.safetensors", "pytorch_model.bin")
WEIGHT_INDEXES = ("model.safetensors.index.json", "pytorch_model.bin.index.json")


@dataclass(frozen=True)
class ModelRef:
    """A model found on disk, and what identifies its exact contents."""

    name: str
    path: Path
    identity: str
    revision: str | None = None


@dataclass(frozen=True)
class Placement:
    """Where a model comes from and runs, the same for every kind of model: offline or
    not, which revision, which device, which Hugging Face cache."""

    offline: bool = False
    revision: str | None = None
    device: str = "cpu"
    cache_dir: str | Path | None = None


@dataclass(frozen=True, kw_only=True)
class Placed:
    """The four placement fields, declared once for the options that have them (a
    translator's, a summariser's), and the one :class:`Placement` record the runtime layer
    takes. Keyword-only, so a subclass's own fields keep their places."""

    offline: bool = False
    revision: str | None = None  # of a hub model; the summariser's never follows --revision
    device: str = "cpu"
    hf_cache_dir: Path | None = None  # the Hugging Face cache; None: the standard one

    @property
    def placement(self) -> Placement:
        return Placement(
            offline=self.offline,
            revision=self.revision,
            device=self.device,
            cache_dir=self.hf_cache_dir,
        )


@dataclass(frozen=True)
class CachedModel:
    """One model repository in the Hugging Face cache."""

    repo_id: str
    size_on_disk: int
    revisions: tuple[str, ...]
    refs: tuple[str, ...]
    path: Path


def default_model(lang: str) -> str | None:
    """The hub id for translating Italian into ``lang``; None for Italian itself."""
    lang = lang.strip().lower()
    if lang == SOURCE_LANG:
        return None
    try:
        return LANG_MODELS[lang]
    except KeyError:
        known = ", ".join(sorted(LANG_MODELS))
        raise ModelUnavailable(
            f"no default translation model for language {lang!r}; known languages: it "
            f"(no translation), {known}",
            setting="model",
            suggestion="ID_OR_PATH",
        ) from None


def hub_offline() -> bool:
    """Offline mode as the Hugging Face libraries read it, checked at call time."""
    return env_flag("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")


def hub_cache_dir() -> Path:
    """The hub cache as huggingface_hub resolves it, without importing it."""
    explicit = os.environ.get("HF_HUB_CACHE") or os.environ.get("HUGGINGFACE_HUB_CACHE")
    if explicit:
        return Path(explicit).expanduser()
    home = os.environ.get("HF_HOME") or str(
        Path(os.environ.get("XDG_CACHE_HOME") or "~/.cache") / "huggingface"
    )
    return Path(home).expanduser() / "hub"


def read_json(path: Path) -> dict[str, Any]:
    """A model folder's JSON file as a dict: ``{}`` when the file is absent or holds no
    object; a file that exists but cannot be read or parsed is a broken model."""
    if not path.exists():
        return {}
    try:
        data = read_model_json(path)
    except ValueError as error:
        raise ModelUnavailable(f"cannot read {path}: {one_line(error)}") from error
    return data if isinstance(data, dict) else {}


def resolve_model(
    name_or_path: str,
    *,
    revision: str | None = None,
    offline: bool = False,
    cache_dir: str | Path | None = None,
    kind: ModelKind = "translation",
) -> ModelRef:
    """Find a model's files: a local folder as is, a hub id through the Hugging Face cache
    (downloading what is missing unless offline): the files ``kind`` needs, no more."""
    return _find(
        name_or_path,
        revision=revision,
        offline=offline or hub_offline(),
        cache_dir=cache_dir,
        kind=kind,
        quiet=True,
        pulling=False,
    )


def resolve_placed(name_or_path: str, placement: Placement, kind: ModelKind) -> ModelRef:
    """:func:`resolve_model` for a model placed by ``placement``."""
    return resolve_model(
        name_or_path,
        revision=placement.revision,
        offline=placement.offline,
        cache_dir=placement.cache_dir,
        kind=kind,
    )


def pull(
    name_or_path: str,
    revision: str | None = None,
    cache_dir: str | Path | None = None,
    *,
    show_progress: bool = False,
    kind: ModelKind = "translation",
) -> ModelRef:
    """Download a model (a hub id or a language code) ahead of time, for offline runs later."""
    return _find(
        LANG_MODELS.get(name_or_path.strip().lower(), name_or_path),
        revision=revision,
        offline=False,
        cache_dir=cache_dir,
        kind=kind,
        quiet=not show_progress,
        pulling=True,
    )


def _find(
    name: str,
    *,
    revision: str | None,
    offline: bool,
    cache_dir: str | Path | None,
    kind: ModelKind,
    quiet: bool,
    pulling: bool,
) -> ModelRef:
    local = _as_local_path(name)
    if local is not None:
        return _local_ref(name, local)
    return _hub_ref(
        name,
        revision=revision,
        offline=offline,
        cache_dir=cache_dir,
        quiet=quiet,
        pulling=pulling,
        patterns=FILES[kind],
    )


def list_cached(cache_dir: str | Path | None = None) -> list[CachedModel]:
    """Every model repository in the cache, largest first."""
    from huggingface_hub import scan_cache_dir
    from huggingface_hub.errors import CacheNotFound

    try:
        info = scan_cache_dir(cache_dir)
    except CacheNotFound:
        return []
    for warning in info.warnings:
        logger.warning("skipping a damaged cache entry: %s", warning)
    models = [
        CachedModel(
            repo_id=repo.repo_id,
            size_on_disk=repo.size_on_disk,
            revisions=tuple(sorted(rev.commit_hash for rev in repo.revisions)),
            refs=tuple(sorted(repo.refs)),
            path=repo.repo_path,
        )
        for repo in info.repos
        if repo.repo_type == "model"
    ]
    return sorted(models, key=lambda model: (-model.size_on_disk, model.repo_id))


def local_fingerprint(folder: Path) -> str:
    """A cheap content identity for a local model: small files hashed whole, weights by
    name, size and modification time (hashing gigabytes on every run would cost more
    than the cache saves)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        digest.update(path.name.encode() + b"\0")
        if is_weight_file(path.name):
            info = path.stat()
            digest.update(f"{info.st_size}:{info.st_mtime_ns}".encode())
        elif path.suffix in {".json", ".spm", ".model", ".txt"}:
            digest.update(read_model_file(path))
        digest.update(b"\n")
    return digest.hexdigest()[:16]


def _as_local_path(name_or_path: str) -> Path | None:
    """A path if the user meant a folder: it exists, or it cannot be a hub id."""
    path = Path(name_or_path).expanduser()
    if path.exists():
        return path
    looks_like_path = (
        name_or_path.startswith((".", "/", "~", "\\"))
        or name_or_path.count("/") > 1
        or "\\" in name_or_path
        or (len(name_or_path) > 1 and name_or_path[1] == ":")
    )
    if looks_like_path:
        return path
    return None


def _local_ref(name: str, folder: Path) -> ModelRef:
    if not folder.exists():
        raise ModelUnavailable(f"model folder {folder} does not exist", setting="model")
    if not folder.is_dir():
        mode = folder.stat().st_mode
        what = "a file" if stat.S_ISREG(mode) else kind(mode)
        raise ModelUnavailable(
            f"model path {folder} is {what}, not the folder holding config.json",
            setting="model",
        )
    check_model_files(folder)
    missing = _missing_files(folder)
    if missing:
        raise ModelUnavailable(
            f"model folder {folder} lacks {' and '.join(missing)}; a model folder has the "
            "Hugging Face layout (as `brief models pull` saves it)",
            setting="model",
        )
    folder = folder.resolve()
    return ModelRef(name=name, path=folder, identity=f"local:{local_fingerprint(folder)}")


def _missing_files(folder: Path) -> list[str]:
    missing = []
    if not (folder / "config.json").is_file():
        missing.append("config.json")
    if not any((folder / name).is_file() for name in WEIGHT_NAMES + WEIGHT_INDEXES):
        missing.append("weights (model.safetensors or pytorch_model.bin)")
    return missing


def _unavailable_error(repo_id: str, why: str, *, pulling: bool) -> ModelUnavailable:
    """``model REPO why``, with what would get it: the network when pulling, else a pull
    on a connected machine (the name ``brief models pull`` takes) or a local copy."""
    if pulling:
        return ModelUnavailable(
            f"model {repo_id} {why}; check the network and proxy settings, "
            "and that HF_HUB_OFFLINE is not set"
        )
    by_model = {model: lang for lang, model in LANG_MODELS.items()}
    return ModelUnavailable(
        f"model {repo_id} {why}",
        setting="model",
        suggestion="PATH",
        download=by_model.get(repo_id, repo_id),
    )


def _hub_ref(
    repo_id: str,
    *,
    revision: str | None,
    offline: bool,
    cache_dir: str | Path | None,
    quiet: bool,
    patterns: list[str],
    pulling: bool = False,
) -> ModelRef:
    from huggingface_hub import snapshot_download

    def fetch(patterns: list[str]) -> Path:
        with _progress_bars(enabled=not quiet):
            folder = snapshot_download(
                repo_id,
                revision=revision,
                cache_dir=cache_dir,
                local_files_only=offline,
                allow_patterns=patterns,
            )
        return Path(folder)

    try:
        folder = fetch(patterns + SAFETENSORS_FILES)
        # Older repos (opus-mt among them) ship only PyTorch weights: fetch those only
        # when no safetensors came, never both.
        if _missing_files(folder) and not offline:
            folder = fetch(TORCH_FILES)
    except Exception as error:  # every hub failure becomes one clear line
        raise _unavailable(repo_id, revision, offline, error, pulling=pulling) from error

    check_model_files(folder)
    missing = _missing_files(folder)
    if missing:
        if offline:
            why = f"is only partly cached ({' and '.join(missing)} missing) and offline mode is on"
        else:
            why = f"has no {' and '.join(missing)} usable by transformers"
        raise _unavailable_error(repo_id, why, pulling=pulling)
    commit = folder.name
    return ModelRef(
        name=repo_id, path=folder, identity=f"hub:{repo_id}@{commit}", revision=revision
    )


def _unavailable(
    repo_id: str, revision: str | None, offline: bool, error: Exception, *, pulling: bool
) -> ModelUnavailable:
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        HFValidationError,
        IncompleteSnapshotError,
        LocalEntryNotFoundError,
        OfflineModeIsEnabled,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    at = f" (revision {revision})" if revision else ""
    if isinstance(error, HFValidationError):
        return ModelUnavailable(
            f"{repo_id!r} is neither an existing folder nor a valid hub id (ORG/NAME)",
            setting="model",
        )
    if isinstance(error, RevisionNotFoundError):
        return ModelUnavailable(
            f"model {repo_id} has no revision {revision!r} on the Hugging Face Hub",
            setting="revision",
        )
    if isinstance(error, GatedRepoError):
        why = "is gated on the Hugging Face Hub and needs an accepted licence and a token"
    elif isinstance(error, RepositoryNotFoundError):
        why = "was not found on the Hugging Face Hub (misspelt, or private)"
    elif isinstance(error, IncompleteSnapshotError):
        why = f"is only partly downloaded{at} and the Hub cannot be reached"
    elif offline or hub_offline() or _caused_by(error, OfflineModeIsEnabled):
        why = f"is not in the Hugging Face cache{at} and offline mode is on"
    elif isinstance(error, LocalEntryNotFoundError):
        why = f"is not in the Hugging Face cache{at} and the Hub cannot be reached"
    elif isinstance(error, HfHubHTTPError):
        status = getattr(getattr(error, "response", None), "status_code", "?")
        why = f"could not be downloaded (Hub answered HTTP {status})"
    elif isinstance(error, OSError):
        why = f"could not be stored in the Hugging Face cache ({one_line(error)})"
    else:
        why = f"could not be fetched ({type(error).__name__}: {one_line(error)})"
    return _unavailable_error(repo_id, why, pulling=pulling)


def _caused_by(error: BaseException, kind: type[BaseException]) -> bool:
    return isinstance(error, kind) or isinstance(error.__cause__, kind)


@contextmanager
def _progress_bars(*, enabled: bool) -> Iterator[None]:
    from huggingface_hub.utils import (
        are_progress_bars_disabled,
        disable_progress_bars,
        enable_progress_bars,
    )

    was_disabled = are_progress_bars_disabled()
    if enabled:
        yield
        return
    disable_progress_bars()
    try:
        yield
    finally:
        if not was_disabled:
            enable_progress_bars()
