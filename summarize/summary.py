"""Key points and a short summary, chosen from the article's own sentences."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SummaryOptions:
    """How many key points and summary sentences to pick."""

    points: int = 5
    summary_sentences: int = 2


@dataclass
class Summary:
    """What the summariser chose. Sentences are Italian unless a field says otherwise."""

    key_points: list[str]
    summary: list[str]
    method: str = "extractive"
    summary_target: str | None = None
    warnings: list[str] = field(default_factory=list)
