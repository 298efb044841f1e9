"""Calibrates continuity.py's SAME_STORY on ../shared/realdata/stories.

Briefs every hand-made story's articles and the distractors (``--lang it``), splits
each story of two or more articles in two halves (earlier and later articles, as two
days' digests would hold them) and measures the similarity continuity uses between
the halves of one story and between halves of different stories (and distractors).

    python -m devtools.story_continuity [../shared/realdata/stories]
"""

from __future__ import annotations

import sys
from pathlib import Path

from devtools.realstories import briefed_digest
from summarize.continuity import ranked_terms, similarity


def main() -> None:
    base = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/realdata/stories")
    digest = briefed_digest(base, distractors=True)
    members: dict[str, list[tuple[list[str], list[str]]]] = {}
    for a in digest["articles"]:
        name = Path(a["source"]).name
        story = name if name.startswith("_distractor") else name.split("__")[0]
        m = a["mentions"]
        texts = [a["title"]["it"], a["summary"]["it"], *(p["it"] for p in a["key_points"])]
        members.setdefault(story, []).append(
            (m["people"] + m["places"] + m["organisations"], texts)
        )
    halves = {}
    for story, items in members.items():
        if len(items) > 1:
            cut = len(items) // 2
            halves[story] = (ranked_terms(items[:cut]), ranked_terms(items[cut:]))
    same = [similarity(a, b) for a, b in halves.values()]
    other = []
    for s, (a, _) in halves.items():
        for t, items in members.items():
            if t == s:
                continue
            later = halves[t][1] if t in halves else ranked_terms(items)
            other.append(similarity(a, later))
    for label, values in (("one story, two halves", same), ("different stories", other)):
        values.sort()
        n = len(values)
        print(
            f"{label}: {n} pairs; min {values[0]:.3f}, median {values[n // 2]:.3f}, "
            f"99% {values[min(n - 1, int(0.99 * n))]:.3f}, max {values[-1]:.3f}"
        )
        for t in (0.1, 0.15, 0.2, 0.25, 0.3):
            print(f"  >= {t}: {sum(v >= t for v in values)} of {n}")


if __name__ == "__main__":
    main()
