"""The package's shape: no import cycle, no module over 600 lines (docs/ARCHITECTURE.md).

Every ``import`` counts, wherever it stands: at the top, inside a function, or under
``TYPE_CHECKING``, since a cycle hidden in a function still ties two modules together.
Run as a script (``python tests/test_architecture.py``) it prints the figures the
architecture note quotes: modules, lines, import arrows and the graph's depth.
"""

from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "summarize"
MAX_LINES = 600


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str], own: str | None = None) -> set[str]:
    """The package's modules ``path`` (module ``own``) imports; ``from a import b`` counts
    as ``a.b`` when that is a module, else as ``a``."""
    own = own or module_name(path)
    package = own if path.name == "__init__.py" else own.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base] if base else parent)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
    return {name for name in found if name in known and name != own}


def graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: imports_of(path, known) for name, path in found.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(edges)))
    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def depth(edges: dict[str, set[str]]) -> int:
    """Arrows on the longest import chain (the graph must have no cycle)."""

    @cache
    def longest(node: str) -> int:
        return max((1 + longest(target) for target in edges[node]), default=0)

    return max((longest(node) for node in edges), default=0)


def test_the_package_has_no_import_cycle() -> None:
    found = cycles(graph())
    assert not found, "import cycles: " + "; ".join(" <-> ".join(c) for c in found)


def test_no_module_is_over_600_lines() -> None:
    long = {
        name: count
        for name, path in modules().items()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_the_cycle_finder_finds_a_cycle() -> None:
    """The check above can fail: a two-module loop and a longer one are both found."""
    edges = {"a": {"b"}, "b": {"a"}, "c": {"d"}, "d": {"e"}, "e": {"c"}, "f": {"a"}}
    assert cycles(edges) == [["a", "b"], ["c", "d", "e"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    assert depth({"a": {"b"}, "b": {"c"}, "c": set(), "d": {"c"}}) == 2


def test_imports_inside_functions_and_type_checking_count(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from summarize.records import Article\n"
        "def f():\n    from summarize.runtime import models\n    import summarize.errors\n"
    )
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    known = {"summarize.records", "summarize.runtime.models", "summarize.errors"}
    assert imports_of(path, known, own="summarize.probe") == known


if __name__ == "__main__":
    edges = graph()
    lines = {
        name: len(path.read_text(encoding="utf-8").splitlines()) for name, path in modules().items()
    }
    print(f"{len(edges)} modules, {sum(lines.values())} lines")
    print(f"{sum(len(targets) for targets in edges.values())} import arrows")
    print(f"cycles: {cycles(edges) or 'none'}")
    if not cycles(edges):
        print(f"depth: {depth(edges)} arrows on the longest chain")
    for name in sorted(lines, key=lambda n: -lines[n])[:10]:
        print(f"  {lines[name]:5d}  {name}")
