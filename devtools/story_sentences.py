"""Calibrates briefing/story_summary.py's SAME_FACT on ../shared/realdata/stories.

Briefs every hand-made story's articles (``--lang it``), then measures the overlap of
content words (the same-fact test) between summary and key-point sentences: of pairs
from different outlets of one story (where the same fact may be told twice) and of
pairs from different stories (never the same fact). Prints both distributions.

    python -m devtools.story_sentences [../shared/realdata/stories]
"""

from __future__ import annotations

import itertools
import sys
from pathlib import Path

from devtools.realstories import briefed_digest
from summarize.briefing.story_summary import MIN_TERMS, terms


def overlap(a: frozenset[str], b: frozenset[str]) -> float | None:
    if min(len(a), len(b)) < MIN_TERMS:
        return None
    return len(a & b) / min(len(a), len(b))


def main() -> None:
    base = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/realdata/stories")
    digest = briefed_digest(base, distractors=False)
    sentences = []
    for a in digest["articles"]:
        name = Path(a["source"]).name
        story, outlet = name.split("__")[0], name.split("__")[1].split("_", 1)[1]
        texts = {a["summary"]["it"], *(p["it"] for p in a["key_points"])}
        sentences += [(story, outlet, terms(t)) for t in texts]
    same, other = [], []
    for (sa, oa, ta), (sb, ob, tb) in itertools.combinations(sentences, 2):
        value = overlap(ta, tb)
        if value is None:
            continue
        if sa != sb:
            other.append(value)
        elif oa != ob:
            same.append(value)
    for label, values in (("different stories", other), ("one story, other outlets", same)):
        values.sort()
        n = len(values)
        print(f"{label}: {n} pairs")
        for q in (0.5, 0.9, 0.99, 0.999):
            print(f"  {q:>6.1%} below {values[min(n - 1, int(q * n))]:.3f}")
        print(f"  max {values[-1]:.3f}")
        for t in (0.34, 0.4, 0.5, 0.6, 0.7):
            print(
                f"  >= {t}: {sum(v >= t for v in values)} ({sum(v >= t for v in values) / n:.2%})"
            )


if __name__ == "__main__":
    main()
