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
# Saturday's sprint and Sunday's Grand Prix); snippets P 0.921 R 0.933 (one outlet's
# Covid bulletins of 8 and 16 May joined). The targets are 0.95 / 0.80 / 0 on
# both; the floors hold what is reached, so a regression fails.
FLOORS = {"sep2024": (0.95, 0.80, 1), "may2021": (0.90, 0.80, 0)}

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
