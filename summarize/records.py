"""The plain records passed between the stages: document, article, summary, translation,
mentions, briefing, digest. See docs/ARCHITECTURE.md for which stage makes which."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
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
    date: str | None = None
    """When the page was published as its feed item says (ISO), used if the page does not."""


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
    url: str | None = None
    """The page's canonical address (``<link rel=canonical>``, ``og:url``), when it says."""
    title_reasons: list[str] = field(default_factory=list)
    """Why the title was chosen, and the runners-up, for ``--explain``."""

    def body_lines(self) -> list[str]:
        """digest.json's ``text`` (docs/ARCHITECTURE.md): lede, headings, paragraphs."""
        lines = [self.lede] if self.lede else []
        lines.extend(block.text for block in self.blocks)
        return lines

    def kept_lines(self) -> list[str]:
        """Everything kept, title first: what the cleaning quality gate scores."""
        return [self.title, *self.body_lines()]


@dataclass(frozen=True)
class Translation:
    """One source text and its translation, with any quality warnings."""

    source: str
    text: str
    warnings: tuple[str, ...] = ()


@dataclass
class Summary:
    """What the summariser chose. Sentences are Italian unless a field says otherwise."""

    key_points: list[str]
    summary: list[str]
    method: str = "extractive"
    summary_target: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class Mentions:
    """Names in the article, most mentioned first (ties: first mentioned first).

    ``roles`` maps a person to the role the article first gives them
    ("ministro della Difesa russo"), when it does.
    """

    people: list[str]
    places: list[str]
    organisations: list[str]
    roles: dict[str, str] = field(default_factory=dict)


@dataclass(eq=False)
class Prepared:
    """One article ready for the model work: cleaned, summarised (extractively, then by a
    model when one is set), its names found. The summary and translation stages work on
    batches of these; ``eq=False``: two copies of one text are still two items."""

    article: Article
    summary: Summary
    warnings: list[str]
    full_sentences: list[str] | None
    mentions: Mentions


@dataclass(frozen=True)
class Pair:
    """An Italian text and its translation (None when the run is Italian-only)."""

    it: str
    target: str | None = None
    warnings: tuple[str, ...] = ()

    def as_dict(self, lang: str) -> dict[str, str]:
        data = {"it": self.it}
        if lang != "it":
            data[lang] = self.target if self.target is not None else ""
        return data


@dataclass(frozen=True)
class Name:
    """A mentioned name in the reader's language, and where that form comes from:
    "as written" (people, and every name in Italian runs), "gazetteer" (a known exonym:
    Mosca -> Moscow) or "model" (translated by the translation model; flagged to readers)."""

    it: str
    text: str
    origin: Literal["as written", "gazetteer", "model"] = "as written"


@dataclass
class Briefing:
    """Everything one article's briefing shows."""

    source: str
    slug: str
    lang: str
    article: Article
    title: Pair
    key_points: list[Pair]
    summary: list[Pair]
    mentions: Mentions
    words: int
    reading_minutes: int
    summary_method: str = "extractive"
    summary_target: str | None = None
    full_text: list[Pair] | None = None
    warnings: list[str] = field(default_factory=list)
    model: str | None = None
    engine: str | None = None
    names: dict[str, Name] = field(default_factory=dict)
    """The mentioned names as the reader reads them, keyed by the Italian name."""
    also_published: list[str] = field(default_factory=list)
    """Sources of near-duplicate copies (the same agency story elsewhere) merged into this."""

    @property
    def text(self) -> list[str]:
        return self.article.body_lines()


@dataclass(frozen=True)
class Failure:
    """An input that produced no briefing, and why, in one line."""

    source: str
    error: str


@dataclass
class Story:
    headline: Pair
    briefings: list[Briefing]


@dataclass(frozen=True)
class StoryPoint:
    """One sentence of a story's summary and the outlets that said it. ``attributed``:
    not every outlet of the story did, so the reader sees whose fact it is; ``differs``:
    another outlet gives other numbers for the same fact."""

    text: Pair
    outlets: tuple[str, ...]
    attributed: bool = False
    differs: bool = False


@dataclass(frozen=True)
class Continuation:
    """Where a story was before: the earlier digest's story, linked relative to this one."""

    story_id: str
    folder: str
    html: str
    markdown: str
    first_seen: str
    headline: str


@dataclass
class StoryEntry:
    """A story as the digest shows it (briefing/storyline.py builds it from a Story)."""

    id: str
    headline: Pair
    coverage: list[tuple[str, Briefing]]
    """(outlet, briefing) for every article, in the order the digest lists them."""
    summary: list[StoryPoint]
    first_seen: str | None
    last_seen: str | None
    continues: Continuation | None = None

    @property
    def briefings(self) -> list[Briefing]:
        return [b for _, b in self.coverage]

    @property
    def outlets(self) -> list[str]:
        return list(dict.fromkeys(o for o, _ in self.coverage))


@dataclass(frozen=True)
class Person:
    """A who's-who entry: a name, its kind and the briefings that mention it."""

    name: str
    kind: str
    slugs: tuple[str, ...]
    count: int


@dataclass
class RunFacts:
    model: str | None
    engine: str | None
    seconds: float = 0.0
    translated: int = 0
    cached: int = 0
    inputs: int = 0


@dataclass
class Digest:
    lang: str
    generated_at: datetime
    briefings: list[Briefing]
    stories: list[Story]
    whos_who: list[Person]
    failures: list[Failure]
    facts: RunFacts
    notes: list[str] = field(default_factory=list)
    new: WhatIsNew | None = None
    entries: list[StoryEntry] = field(default_factory=list)
    """The stories as the reader gets them: widest coverage first, single articles last."""


@dataclass
class WhatIsNew:
    """Which of a digest's articles were first seen by this run, and since when."""

    new: list[str] = field(default_factory=list)
    previous: datetime | None = None
    """When this folder's previous digest was written; None for its first."""
    mode: str = "new"
