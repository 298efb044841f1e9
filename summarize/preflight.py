"""Checks that stop a run before any work: what cron needs to keep the last good digest.

A run that cannot brief anything must say so at once, in one line, and leave the
previous digest and briefings as they were: otherwise a typo'd input folder or a model
that cannot load fails every article one by one and replaces a good digest with an
empty one. So, before the first article is read:

- every input path exists (web addresses are left to the fetcher);
- every template in the user's template and prompt folders is a regular file of at most
  1 MiB and compiles (the file and line of the first error are named), and those
  folders exist; a prompt folder that holds
  output templates (where they went before they had a folder of their own) is refused,
  so an edited page is never silently ignored;
- every file of a model folder a loader would open is a regular file, the small ones
  bounded (``runtime.modelfiles``, checked as the model is resolved, so a FIFO or a
  device never reaches transformers);
- the translation model's files are what its engine will read: a config.json that
  parses and describes a translation model, tokenizer files that load (JSON that
  parses, a vocabulary holding the unknown and end tokens, SentencePiece models that
  SentencePiece accepts), and weights whose
  safetensors header parses and whose size matches the offsets the header lists
  (truncated downloads are the usual fault), or a pytorch_model.bin that is a whole
  zip archive;
- the engine accepts the device and compute type (the engine class checks those);
- a model summariser's weights are checked the same way, but damaged ones do not stop
  the run: its summaries fall back to the extractive ones, with one warning.

All of it reads a few kilobytes and imports neither torch nor ctranslate2 for the
defaults, so a rerun whose translations are all cached stays fast.
"""

from __future__ import annotations

import json
import stat
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarize.errors import InputError, ModelUnavailable
from summarize.inputs.feeds import looks_like_url
from summarize.inputs.sources import display_name
from summarize.output.render import Renderer
from summarize.output.templates import OUTPUT_TEMPLATES, check_names
from summarize.runtime.bounded import Unreadable, check_regular, kind
from summarize.runtime.environment import installed, one_line
from summarize.runtime.modelfiles import read_model_json
from summarize.summaries.modelinfo import inspect_model
from summarize.summaries.prompts import load_prompts
from summarize.translation.translate import engine_class
from summarize.wording import counted, form

if TYPE_CHECKING:
    from summarize.runtime.models import ModelRef
    from summarize.summaries.options import AbstractiveOptions
    from summarize.translation.base import TranslateOptions

# A safetensors header is JSON describing each tensor; real ones are kilobytes to a few
# megabytes. Anything claiming more is a damaged length field, not a header to read.
MAX_SAFETENSORS_HEADER = 100 * 1024 * 1024
# The files MarianTokenizer (and the ctranslate2 engine's piece splitter) read.
MARIAN_TOKENIZER_FILES = ("source.spm", "target.spm", "vocab.json")
# The JSON files MarianTokenizer reads besides vocab.json (first wins for a setting).
MARIAN_JSON_FILES = ("tokenizer_config.json", "special_tokens_map.json", "generation_config.json")
# Translation model architectures without ``is_encoder_decoder`` in their config.
TRANSLATION_MODEL_TYPES = frozenset({"marian"})


def check_inputs(inputs: Sequence[str | Path]) -> None:
    """Raise InputError naming every input path that does not exist. An empty name is
    refused rather than read as the current folder (``brief "$INBOX"`` with INBOX unset
    would brief $HOME under cron)."""

    if any(not str(given).strip() for given in inputs):
        raise InputError(
            "''",
            "an empty input name (an unset variable in a script?); give a file, folder or URL",
        )
    missing = [
        display_name(str(given))
        for given in inputs
        if not looks_like_url(str(given)) and not _exists(Path(given))
    ]
    if missing:
        raise InputError(", ".join(missing), "no such file or folder")


def _exists(path: Path) -> bool:
    """Like ``Path.exists``, but a name too long or holding a NUL is simply not there."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def check_templates(templates_dir: Path | None, prompts_dir: Path | None = None) -> None:
    """Compile every template in the user's output template folder and prompt folder
    with the environment that will render it; raise InputError naming the file and line
    of the first that does not compile. The shipped templates are compiled by the tests,
    not on every run (compiling them all costs half a second)."""

    if templates_dir is not None:
        folder = _template_folder(templates_dir, "templates")
        renderer = Renderer(folder)
        html = renderer.html_env  # the HTML renderer's own environment
        for name in _templates_in(folder):
            env = html if name.endswith((".html.j2", ".css.j2")) else renderer.env
            _compile(env, folder, name, "templates")
    if prompts_dir is not None:
        folder = _template_folder(prompts_dir, "prompts")
        misplaced = [name for name in _templates_in(folder) if name in OUTPUT_TEMPLATES]
        if misplaced:
            raise InputError(
                f"prompt folder {folder}",
                f"holds output templates ({', '.join(misplaced)}); they now go in a "
                "folder of their own",
                setting="templates",
            )
        prompts = load_prompts(folder)
        for name in _templates_in(folder):
            _compile(prompts.env, folder, name, "prompts")
        prompts.check()


def _template_folder(given: Path, setting: str) -> Path:
    folder = Path(given)
    if folder.is_dir():
        return folder
    try:
        mode = folder.stat().st_mode
    except OSError:
        problem = "does not exist"
    else:
        what = "a file" if stat.S_ISREG(mode) else kind(mode)
        problem = f"is {what}, not a folder; give the folder holding the edited templates"
    raise InputError(f"template folder {folder}", problem, setting=setting)


def _templates_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.j2"))


def _compile(env: Any, folder: Path, name: str, setting: str) -> None:
    from jinja2 import TemplateError, TemplateSyntaxError

    try:
        env.get_template(name)
        check_names(env, name)
    except TemplateSyntaxError as error:
        where = error.filename or str(folder / name)
        raise InputError(
            f"template {where}", f"line {error.lineno}: {error.message}", setting=setting
        ) from None
    except (TemplateError, UnicodeDecodeError, OSError) as error:
        raise InputError(
            f"template {folder / name}", one_line(error, 200), setting=setting
        ) from None


def check_translation_model(ref: ModelRef, options: TranslateOptions) -> None:
    """Raise ModelUnavailable or EngineUnavailable if ``ref`` cannot translate with these
    options; reads the model's JSON files and weight headers only."""

    config = _config(ref)
    model_type = config.get("model_type")
    if model_type not in TRANSLATION_MODEL_TYPES and config.get("is_encoder_decoder") is not True:
        raise ModelUnavailable(
            f"model {ref.name} is {f'a {model_type!r}' if model_type else 'an untyped'} model "
            f"({ref.path / 'config.json'}), not a translation model such as MarianMT "
            "(model_type 'marian')",
            setting="model",
        )
    if model_type == "marian":
        absent = [n for n in MARIAN_TOKENIZER_FILES if not (ref.path / n).is_file()]
        if absent:
            raise ModelUnavailable(
                f"model {ref.name} in {ref.path} lacks its tokenizer {form(len(absent), 'file')} "
                f"{', '.join(absent)}",
                setting="model",
            )
    problem = (marian_tokenizer_problem(ref.path) if model_type == "marian" else None) or (
        weights_problem(ref.path)
    )
    if problem:
        raise ModelUnavailable(f"model {ref.name}: {problem}", setting="model")
    engine_class(options.engine).check_placement(options)


def marian_tokenizer_problem(folder: Path) -> str | None:
    """Why MarianTokenizer (or the ctranslate2 engine's piece splitter) cannot load the
    tokenizer in ``folder``, or None: its JSON files parse, the vocabulary is a table of
    pieces that holds the unknown and end tokens, both SentencePiece models load. Loading
    them takes milliseconds and no torch; a damaged one otherwise failed every article."""
    settings: dict[str, Any] = {}
    vocab: dict[str, Any] = {}
    for name in (*MARIAN_JSON_FILES, "vocab.json"):
        path = folder / name
        if not path.is_file() and name != "vocab.json":
            continue
        try:
            data = read_model_json(path)
        except ModelUnavailable as error:
            return str(error)
        except ValueError as error:
            return f"{path} cannot be read: {one_line(error, 200)}"
        if not isinstance(data, dict):
            return f"{path} is damaged: it is not a JSON object"
        if name == "vocab.json":
            vocab = data
        elif name != "generation_config.json":
            settings = {**data, **settings}
    for role, default in (("unk_token", "<unk>"), ("eos_token", "</s>")):
        token = settings.get(role, default)
        token = token.get("content", default) if isinstance(token, dict) else str(token)
        if token not in vocab:
            return f"{folder / 'vocab.json'} is damaged: it lacks the token {token!r} ({role})"
    if not installed("sentencepiece"):
        return None  # the engine says so itself, with how to install it
    import sentencepiece

    for name in ("source.spm", "target.spm"):
        try:
            sentencepiece.SentencePieceProcessor(model_file=str(folder / name))
        except (OSError, RuntimeError) as error:
            return f"{folder / name} is damaged: {one_line(error, 200)}"
    return None


def summarizer_problem(options: AbstractiveOptions) -> str | None:
    """Why the model summariser's weights cannot load, or None. Not fatal: its summaries
    fall back to the extractive ones, but the fault is found once, before any work."""

    ref = inspect_model(options).ref
    problem = weights_problem(ref.path)
    return f"model summariser {ref.name}: {problem}" if problem else None


def weights_problem(folder: Path) -> str | None:
    """Why the weights in ``folder`` cannot load, or None. Checks what transformers would
    read: model.safetensors, else its sharded index, else pytorch_model.bin, else its index."""
    single = folder / "model.safetensors"
    if single.is_file():
        return safetensors_problem(single)
    if (folder / "model.safetensors.index.json").is_file():
        return _shards_problem(folder / "model.safetensors.index.json", safetensors_problem)
    if (folder / "pytorch_model.bin").is_file():
        return torch_bin_problem(folder / "pytorch_model.bin")
    if (folder / "pytorch_model.bin.index.json").is_file():
        return _shards_problem(folder / "pytorch_model.bin.index.json", torch_bin_problem)
    return f"{folder} holds no weights (model.safetensors or pytorch_model.bin)"


def safetensors_problem(path: Path) -> str | None:
    """Why ``path`` is not a whole safetensors file, or None: 8 bytes giving the header's
    length, a JSON header giving each tensor's byte range, then exactly that much data."""
    try:
        size = check_regular(path)
        with path.open("rb") as handle:
            head = handle.read(8)
            if len(head) < 8:
                return f"{path} is {counted(size, 'byte')} long, too short for a safetensors file"
            length = int.from_bytes(head, "little")
            if length > min(size - 8, MAX_SAFETENSORS_HEADER):
                claims = counted(length, "byte", grouped=True)
                return f"{path} is truncated or damaged: its header claims {claims}"
            header = json.loads(handle.read(length))
    except Unreadable as error:
        return f"{path}: {error.problem}"
    except OSError as error:
        return f"{path} cannot be read: {error.strerror or error}"
    except ValueError:
        return f"{path} is damaged: its header is not valid JSON"
    if not isinstance(header, dict):
        return f"{path} is damaged: its header is not a table of tensors"
    end = 0
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        offsets = entry.get("data_offsets") if isinstance(entry, dict) else None
        if not (
            isinstance(offsets, list)
            and len(offsets) == 2
            and all(isinstance(o, int) and o >= 0 for o in offsets)
        ):
            return f"{path} is damaged: tensor {name!r} has no valid byte range"
        end = max(end, offsets[1])
    data = size - 8 - length
    if data != end:
        state = "truncated" if data < end else "damaged"
        need = counted(end, "byte", grouped=True)
        return f"{path} is {state}: its tensors need {need} of data, it holds {data:,}"
    return None


def torch_bin_problem(path: Path) -> str | None:
    """Why ``path`` is not a loadable torch checkpoint, or None: a zip archive whose
    directory (at its end) is intact, or an old-style pickle."""
    try:
        check_regular(path)
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                archive.infolist()
            return None
        with path.open("rb") as handle:
            start = handle.read(2)
    except (OSError, zipfile.BadZipFile, Unreadable) as error:
        return f"{path} cannot be read: {one_line(error, 200)}"
    if len(start) == 2 and start[0] == 0x80:  # a pickle's protocol mark (torch < 1.6)
        return None
    return f"{path} is truncated or damaged: it is neither a whole zip archive nor a pickle"


def _shards_problem(index: Path, check: Callable[[Path], str | None]) -> str | None:
    try:
        weight_map = read_model_json(index).get("weight_map")
    except ModelUnavailable as error:
        return str(error)
    except (ValueError, AttributeError) as error:
        return f"{index} cannot be read: {one_line(error, 200)}"
    if not isinstance(weight_map, dict) or not weight_map:
        return f"{index} lists no weight files"
    for shard in sorted({str(v) for v in weight_map.values()}):
        path = index.parent / shard
        if not path.is_file():
            return f"{path}, listed in {index.name}, is missing"
        problem = check(path)
        if problem:
            return problem
    return None


def _config(ref: ModelRef) -> dict[str, Any]:
    path = ref.path / "config.json"
    try:
        config = read_model_json(path)
    except ValueError as error:
        raise ModelUnavailable(
            f"model {ref.name}: {path} cannot be read: {one_line(error, 200)}", setting="model"
        ) from None
    if not isinstance(config, dict):
        raise ModelUnavailable(
            f"model {ref.name}: {path} is not a JSON object of settings", setting="model"
        )
    return config
