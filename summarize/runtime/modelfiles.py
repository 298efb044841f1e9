"""What brief lets the model loaders read: a model folder's files are regular files, the
small ones of a bounded size, before transformers, SentencePiece or CTranslate2 open any.

Those libraries open what they are given and read it whole: a config.json that is a FIFO
waits for a writer forever, a tokenizer_config.json linked to /dev/urandom grows until
the memory runs out, and neither answers SIGTERM while inside C. So every file of the
folder that a loader or brief's checks would open is checked with ``stat`` first (nothing
opened, nothing blocks), and brief's own reads of them go through runtime.bounded.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from summarize.errors import ModelUnavailable
from summarize.runtime.bounded import MIB, Unreadable, check_regular, read_bounded

# 64 MiB for every file but the weights: the largest tokenizer file of common open models
# is Gemma 3's tokenizer.json (~33 MB, a 262k-piece vocabulary); opus-mt's largest small
# file, vocab.json, is about 1 MB. Twice the largest leaves room; a sparse file of
# gigabytes or an endless device does not fit.
MAX_MODEL_FILE_BYTES = 64 * MIB

# Settings, tokenizers and chat templates: what models.FILES fetches besides weights.
SMALL_SUFFIXES = frozenset({".json", ".spm", ".model", ".txt", ".jinja"})
# Weights are only stat'ed: their checks read a header, the engine maps the rest.
WEIGHT_SUFFIXES = (".safetensors", ".bin", ".h5", ".msgpack", ".onnx", ".pt")

_FIX = "put the model's own file there (download it again, or `brief models pull`)"


def is_weight_file(name: str) -> bool:
    return name.endswith(WEIGHT_SUFFIXES)


def check_model_files(folder: Path) -> None:
    """Raise ModelUnavailable for the first file of ``folder`` a loader would read that
    is not a regular file (after symlinks), or, but for weights, is over the limit."""
    try:
        with os.scandir(folder) as scan:
            names = sorted(entry.name for entry in scan)
    except OSError as exc:
        raise ModelUnavailable(
            f"model folder {folder} cannot be listed: {exc.strerror or exc}", setting="model"
        ) from None
    for name in names:
        if is_weight_file(name):
            limit = None
        elif Path(name).suffix in SMALL_SUFFIXES:
            limit = MAX_MODEL_FILE_BYTES
        else:
            continue
        try:
            check_regular(folder / name, limit)
        except Unreadable as exc:
            raise unreadable_model_file(folder / name, exc) from None


def read_model_file(path: Path) -> bytes:
    """A small file of a model folder, read bounded and without blocking."""
    try:
        return read_bounded(path, MAX_MODEL_FILE_BYTES)
    except Unreadable as exc:
        raise unreadable_model_file(path, exc) from exc


def read_model_json(path: Path) -> Any:
    """A small JSON file of a model folder, parsed; ValueError if it is not JSON."""
    return json.loads(read_model_file(path).decode("utf-8"))


def unreadable_model_file(path: Path, exc: Unreadable) -> ModelUnavailable:
    return ModelUnavailable(f"model file {path}: {exc.problem}; {_FIX}", setting="model")
