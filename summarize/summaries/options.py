"""The summary stage's options: the extractive pick (``SummaryOptions``) and a model
summariser's (``AbstractiveOptions``: which model, where it runs, how it decodes)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from summarize.runtime.models import Placed

# Sampling runs (temperature > 0) reseed with this, so reruns give the same text.
DEFAULT_SEED = 0


@dataclass(frozen=True)
class SummaryOptions:
    """How many key points and summary sentences to pick."""

    points: int = 5
    summary_sentences: int = 2
    """At most this many summary sentences (the default also stops at ~40 words)."""


@dataclass(frozen=True)
class AbstractiveOptions(Placed):
    """Which model summarises and how it decodes."""

    model: str  # hub id or local folder
    target_lang: str = "en"  # language the reader reads; "it" for Italian-only runs
    max_new_tokens: int = 160
    beams: int = 1
    temperature: float = 0.0  # 0 = greedy, deterministic
    sentences: int = 3  # target length of the summary
    prompts_dir: Path | None = None  # a user's edited prompts first, then the shipped ones
    seed: int = DEFAULT_SEED  # used only when temperature > 0


def check_options(options: AbstractiveOptions) -> None:
    problems = []
    if options.max_new_tokens < 1:
        problems.append("max new tokens must be at least 1")
    if options.beams < 1:
        problems.append("beams must be at least 1")
    if options.temperature < 0:
        problems.append("temperature must be 0 (greedy) or more")
    if options.sentences < 1:
        problems.append("summary sentences must be at least 1")
    if problems:
        raise ValueError("; ".join(problems))
