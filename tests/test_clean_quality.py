"""Quality gate of the cleaner: word F1 against hand-made gold lines, floors pinned.

``tests/gold/<name>.gold.txt`` holds the lines a perfect cleaner keeps (title first);
the inputs are the project's seeds (read from ``seeds/``) and dumps written for the
gate in ``tests/gold/``. ``tests/gold/floors.json`` pins each file's F1 a little under
what the cleaner reaches; a drop below a floor fails. Floors may never go under the
project's minimums (0.98 on seeds, 0.95 elsewhere): the test checks that as well.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from summarize.cleaning.clean import clean
from summarize.records import Article, Document

GOLD_DIR = Path(__file__).resolve().parent / "gold"
SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"
_TOKEN = re.compile(r"\w+", re.UNICODE)


# --- scoring: bag of words with multiplicity, the usual measure of boilerplate removal
# (CleanEval, trafilatura's evaluation). Lowercase, punctuation split off, so a kept
# line earns every gold word it carries whatever the line breaks.


def tokens(lines: Iterable[str]) -> Counter[str]:
    counter: Counter[str] = Counter()
    for line in lines:
        counter.update(_TOKEN.findall(line.lower()))
    return counter


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    f1: float


def score(kept: Iterable[str], gold: Iterable[str]) -> Score:
    """Multiset precision, recall and F1 of kept words against gold words."""
    got, want = tokens(kept), tokens(gold)
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Score(precision, recall, f1)


def gold_cases() -> list[tuple[str, Path, Path]]:
    """(name, input, gold) for every gold file: seeds from seeds/, the others beside it."""
    cases = []
    for gold in sorted(GOLD_DIR.glob("*.gold.txt")):
        name = gold.name.removesuffix(".gold.txt")
        candidates = [
            SEEDS_DIR / f"{name}.txt",
            *(GOLD_DIR / f"{name}{suffix}" for suffix in (".txt", ".md", ".html")),
        ]
        source = next((p for p in candidates if p.exists()), None)
        if source is None:
            raise FileNotFoundError(f"no input for gold file {gold.name}")
        cases.append((name, source, gold))
    return cases


def read_gold(path: Path) -> list[str]:
    return [line for line in path.read_text("utf-8").splitlines() if line.strip()]


FLOORS = json.loads((GOLD_DIR / "floors.json").read_text("utf-8"))
CASES = gold_cases()
SEED_MINIMUM = 0.98
OTHER_MINIMUM = 0.95


def _document(path: Path) -> Document:
    kind = "html" if path.suffix in {".html", ".htm"} else "text"
    return Document(
        source=str(path), path=path, text=path.read_text("utf-8"), kind=kind, encoding="utf-8"
    )


@functools.cache
def _clean(path: Path) -> Article:
    return clean(_document(path))


def _is_seed(source: Path) -> bool:
    return source.parent == SEEDS_DIR


def test_floors_cover_every_gold_file_and_respect_the_minimums() -> None:
    names = {name for name, _, _ in CASES}
    assert set(FLOORS["files"]) == names
    for name, source, _ in CASES:
        minimum = SEED_MINIMUM if _is_seed(source) else OTHER_MINIMUM
        assert FLOORS["files"][name] >= minimum, f"{name}: floor under the {minimum} minimum"
    assert FLOORS["mean"] >= OTHER_MINIMUM


def test_gold_set_has_both_seeds_and_enough_other_dumps() -> None:
    seeds = {p.stem for p in SEEDS_DIR.glob("*.txt")}
    names = {name for name, _, _ in CASES}
    assert seeds <= names
    others = [source for _, source, _ in CASES if not _is_seed(source)]
    assert len(others) >= 6
    assert any(source.suffix == ".html" for source in others)


@pytest.mark.parametrize(("name", "source", "gold"), CASES, ids=[c[0] for c in CASES])
def test_word_f1_at_or_above_floor(name: str, source: Path, gold: Path) -> None:
    result = score(_clean(source).kept_lines(), read_gold(gold))
    assert result.f1 >= FLOORS["files"][name], f"{name}: {result}"


@pytest.mark.parametrize(("name", "source", "gold"), CASES, ids=[c[0] for c in CASES])
def test_title_is_the_gold_title(name: str, source: Path, gold: Path) -> None:
    assert _clean(source).title == read_gold(gold)[0]


def test_mean_f1_and_report(capsys: pytest.CaptureFixture[str]) -> None:
    rows: list[tuple[str, Score]] = []
    for name, source, gold in CASES:
        rows.append((name, score(_clean(source).kept_lines(), read_gold(gold))))
    mean = sum(s.f1 for _, s in rows) / len(rows)
    with capsys.disabled():
        print()
        print(f"{'file':<34} {'precision':>9} {'recall':>7} {'F1':>6} {'floor':>6}")
        for name, s in rows:
            floor = FLOORS["files"][name]
            print(f"{name:<34} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {floor:6.2f}")
        print(f"{'mean':<34} {'':9} {'':7} {mean:6.3f} {FLOORS['mean']:6.2f}")
    assert mean >= FLOORS["mean"]


def test_scoring_counts_words_with_multiplicity() -> None:
    perfect = score(["Il gatto, il cane."], ["il gatto il cane"])
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)
    half = score(["il gatto"], ["il gatto il cane"])
    assert half.precision == 1.0
    assert half.recall == 0.5
    noisy = score(["il gatto menu menu"], ["il gatto"])
    assert noisy.precision == 0.5
    assert score([], ["il gatto"]).f1 == 0.0
