"""The story-grouping development set (../shared/realdata/stories) as briefings, for the
calibration script and the quality gate: each text cleaned and its names found by the
library itself, as `brief` does, without translating or summarising.

Sources: ``sep2024`` (ANSA and Il Post full texts), ``may2021`` (feed snippets of 26
outlets) and ``giglietto`` (2,492 human-coded pairs of link previews, 3 = same story).
"""

from __future__ import annotations

import itertools
import json
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from summarize.cleaning.clean import clean
from summarize.errors import NotAnArticle
from summarize.language.entities import mentions
from summarize.records import Article, Block, Briefing, Document, Pair

DATA = Path(__file__).resolve().parents[2] / "shared" / "realdata" / "stories"
GROUP_SOURCES = ("sep2024", "may2021")


@dataclass
class GroupSet:
    """Briefings, each one's hand-made story (a lone article is its own), the pairs that
    must stay apart, and each briefing's publication day from the set's metadata."""

    briefings: list[Briefing]
    gold: list[str]
    near_misses: list[tuple[int, int]]
    dates: list[str | None]


@dataclass
class PairSet:
    """Human-coded pairs: indexes into ``briefings`` and whether they are one story."""

    briefings: list[Briefing]
    pairs: list[tuple[int, int, bool]]


def briefing(source: str, text: str, date: str | None = None) -> Briefing | None:
    """The briefing `brief` would group for a text file, or None when cleaning refuses it."""
    try:
        article = clean(Document(source, Path(source), text, "text", "utf-8"))
    except NotAnArticle:
        return None
    if date is not None:
        article.date = date
    return _wrap(source, article)


def _wrap(source: str, article: Article) -> Briefing:
    return Briefing(
        source, source, "it", article, Pair(article.title), [], [], mentions(article), 0, 1
    )


def group_set(prefix: str, with_dates: bool = False) -> GroupSet:
    stories = json.loads((DATA / "stories.json").read_text(encoding="utf-8"))
    files: list[tuple[str, Path, str, str | None]] = []
    for story in stories:
        if not story["id"].startswith(prefix):
            continue
        dates = {m["file"]: m.get("date") for m in story["members"]}
        for path in sorted((DATA / story["id"]).glob("*.txt")):
            key = f"{story['id']}/{path.name}"
            label = key if path.name.startswith("related") else story["id"]
            files.append((key, path, label, dates.get(key)))
    for path in sorted((DATA / "_distractors").glob(f"{prefix}*.txt")):
        meta = path.with_suffix(".meta.json")
        day = json.loads(meta.read_text(encoding="utf-8")).get("date") if meta.exists() else None
        files.append((f"_distractors/{path.name}", path, path.name, day))
    found = GroupSet([], [], [], [])
    position = {}
    for key, path, label, day in files:
        b = briefing(key, path.read_text(encoding="utf-8"), day if with_dates else None)
        if b is None:
            continue
        position[key] = len(found.briefings)
        found.briefings.append(b)
        found.gold.append(label)
        found.dates.append(day)
    for pair in json.loads((DATA / "near_misses.json").read_text(encoding="utf-8")):
        if pair["a"] in position and pair["b"] in position:
            found.near_misses.append((position[pair["a"]], position[pair["b"]]))
    return found


def pair_set() -> PairSet:
    """Each distinct preview once (its title the text up to the first full stop)."""
    texts: dict[str, int] = {}
    pairs = []
    with (DATA / "giglietto_pairs.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            ends = [texts.setdefault(row[k], len(texts)) for k in ("text1", "text2")]
            pairs.append((ends[0], ends[1], bool(row["same_story"])))
    briefings = []
    for text, number in texts.items():
        title, _, rest = text.partition(". ")
        article = Article(f"g{number}", title, blocks=[Block("paragraph", rest)] if rest else [])
        briefings.append(_wrap(f"g{number}", article))
    return PairSet(briefings, pairs)


def pairwise(gold: list[str], predicted: list[int]) -> tuple[float, float, int, int, int]:
    """Pairwise precision and recall of "same story", and the true/false positive and
    false negative counts."""
    tp = fp = fn = 0
    for a, b in itertools.combinations(range(len(gold)), 2):
        same, joined = gold[a] == gold[b], predicted[a] == predicted[b]
        tp += same and joined
        fp += joined and not same
        fn += same and not joined
    return tp / max(1, tp + fp), tp / max(1, tp + fn), tp, fp, fn


def briefed_digest(base: Path = DATA, distractors: bool = False) -> dict:
    """``digest.json`` of `brief --lang it --all` run on every hand-made story's articles
    (and the distractors), in one inbox: what the story calibrations measure on. Files are
    named ``<story id>__<file>`` (``_distractor__<file>``) so a source tells its story."""
    groups = json.loads((base / "stories.json").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "in"
        inbox.mkdir()
        for story in groups:
            for f in sorted((base / story["id"]).glob("[0-9]*.txt")):
                (inbox / f"{story['id']}__{f.name}").write_bytes(f.read_bytes())
        if distractors:
            for f in sorted((base / "_distractors").glob("*.txt")):
                (inbox / f"_distractor__{f.name}").write_bytes(f.read_bytes())
        out = Path(tmp) / "out"
        subprocess.run(
            ["brief", str(inbox), "--lang", "it", "--all", "--out", str(out), "--quiet"],
            check=False,
        )
        return json.loads((out / "digest.json").read_text())
