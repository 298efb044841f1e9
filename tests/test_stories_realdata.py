"""Quality gate: story grouping on the real development set (../shared/realdata/stories).

Full texts (ANSA, Il Post) and feed snippets (26 outlets), each in one inbox as `brief`
would see them (cleaned and names found by the library): pairwise precision and recall
of "same story" against the hand-made groups, and the near misses joined. Prints the
table per story and fails below the floors.
"""

from __future__ import annotations

from collections import Counter

import pytest

from devtools import realstories
from summarize.briefing.stories import group_stories

# Measured: full text P 0.960 R 0.960, one near miss joined (MotoGP at Misano:
# Saturday's sprint and Sunday's Grand Prix, a day apart); snippets P 1.000 R 0.933 (the
# datelines "oggi 16 maggio" and "16 maggio 2021" tell one day's Covid bulletins from
# another's). The targets are 0.95 / 0.80 / 0 on both; the floors hold what is
# reached, so a regression fails.
FLOORS = {"sep2024": (0.95, 0.95, 1), "may2021": (0.99, 0.93, 0)}

pytestmark = pytest.mark.skipif(
    not realstories.DATA.is_dir(), reason=f"no development set at {realstories.DATA}"
)


@pytest.mark.parametrize("prefix", realstories.GROUP_SOURCES)
def test_grouping_real_news(prefix: str) -> None:
    data = realstories.group_set(prefix)
    found = group_stories(data.briefings)
    index = {id(b): i for i, b in enumerate(data.briefings)}
    predicted = [0] * len(data.briefings)
    for g, story in enumerate(found):
        for b in story.briefings:
            predicted[index[id(b)]] = g
        golds = Counter(data.gold[index[id(b)]] for b in story.briefings)
        mark = "MIXED" if len(golds) > 1 else "ok   "
        print(f"{mark} {len(story.briefings)}  " + ", ".join(sorted(golds)))
    precision, recall, *_ = realstories.pairwise(data.gold, predicted)
    near = sum(predicted[a] == predicted[b] for a, b in data.near_misses)
    figures = f"pairwise precision {precision:.3f} recall {recall:.3f}"
    print(f"{prefix}: {figures}; near misses joined {near}")
    low_p, low_r, most_near = FLOORS[prefix]
    assert precision >= low_p and recall >= low_r and near <= most_near
