"""Writes summarize/lexicon/frequencies.txt: in how many of a background corpus's
sentences each content lemma occurs, for story grouping's word weights (IDF).

A day's inbox is too small to say which words are common (two articles share "governo"
and nothing says it is everyday news vocabulary), so the weights start from a background
corpus and the inbox adds its own counts. Background: ../shared/realdata/sentences/it.txt
(5,267 Italian news sentences: WMT newstest, NTREX-128, FLORES-200). Lemmas seen in one
sentence only are left out: unseen and once-seen weigh almost alike.

    python -m devtools.build_frequencies [path/to/sentences.txt]
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from summarize.language.lemmas import content_lemmas

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO.parent / "shared" / "realdata" / "sentences" / "it.txt"
TARGET = REPO / "summarize" / "lexicon" / "frequencies.txt"
MIN_COUNT = 2


def build(sentences: list[str]) -> tuple[int, dict[str, int]]:
    counts: Counter[str] = Counter()
    for sentence in sentences:
        counts.update(set(content_lemmas(sentence)))
    kept = {w: n for w, n in counts.items() if n >= MIN_COUNT}
    return len(sentences), dict(sorted(kept.items(), key=lambda item: (-item[1], item[0])))


def file_text(total: int, counts: dict[str, int]) -> str:
    """A header line with the corpus size, then ``lemma count`` a line, commonest first."""
    lines = [f"# sentences {total}", *(f"{w} {n}" for w, n in counts.items())]
    return "\n".join(lines) + "\n"


def main() -> int:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    sentences = [s for s in source.read_text(encoding="utf-8").splitlines() if s.strip()]
    total, counts = build(sentences)
    TARGET.write_text(file_text(total, counts), encoding="utf-8")
    print(f"{TARGET}: {len(counts)} lemmas from {total} sentences")
    return 0


if __name__ == "__main__":
    sys.exit(main())
