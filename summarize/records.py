"""The plain records passed between the reading and cleaning stages."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal


@dataclass(frozen=True)
class Document:
    """A decoded input file, before cleaning."""

    source: str
    path: Path
    text: str
    kind: Literal["text", "html"]
    encoding: str


@dataclass(frozen=True)
class Block:
    """One unit of the article body, in reading order."""

    kind: Literal["heading", "paragraph"]
    text: str


@dataclass(frozen=True)
class Dropped:
    """A line the cleaner removed, kept so ``--explain`` can justify it."""

    line: str
    reason: str


@dataclass
class Article:
    """What the cleaner keeps of a document: the article and nothing else."""

    source: str
    title: str
    lede: str | None = None
    blocks: list[Block] = field(default_factory=list)
    site: str | None = None
    date: str | None = None
    author: str | None = None
    dropped: list[Dropped] = field(default_factory=list)

    def body_lines(self) -> list[str]:
        """The body as DESIGN.md's ``text``: lede, headings and paragraphs, title excluded."""
        lines = [self.lede] if self.lede else []
        lines.extend(block.text for block in self.blocks)
        return lines

    def kept_lines(self) -> list[str]:
        """Everything kept, title first: what the cleaning quality gate scores."""
        return [self.title, *self.body_lines()]
