"""Joining items into groups as pairs are found (union-find), for near-duplicate copies
(stories need more than one pair: ``stories.average_link``). Each group is named by its
first item, so the groups come out in input order whatever order the pairs were found in."""

from __future__ import annotations


class Groups:
    """``n`` items, each alone at first; ``join`` merges two items' groups."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def root(self, i: int) -> int:
        """The first item of ``i``'s group (paths halved on the way: near-constant time)."""
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.root(i), self.root(j)
        self.parent[max(a, b)] = min(a, b)
