"""The package's shape (docs/ARCHITECTURE.md): no import cycle, no module over 600 lines,
no function over 80 lines (the CLI's option declarations aside), no private name imported
across a package boundary.

Every ``import`` counts, wherever it stands: at the top, inside a function, or under
``TYPE_CHECKING``, since a cycle hidden in a function still ties two modules together
(so no function-local import can dodge a cycle: it is an arrow like any other).
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
MAX_FUNCTION_LINES = 80


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


# The floors of docs/ARCHITECTURE.md, "Layers", top first: a module imports its own
# floor and those below, never one above (modules or packages, by name prefix).
LAYERS = (
    ("summarize.__main__",),
    (
        "summarize.cli",
        "summarize.cli_cache",
        "summarize.cli_help",
        "summarize.cli_errors",
        "summarize.cli_options",
    ),
    ("summarize.terminal",),
    ("summarize.pipeline", "summarize.preflight"),
    (
        "summarize.intake",
        "summarize.state",
        "summarize.statefile",
        "summarize.since",
        "summarize.identity",
        "summarize.failmemory",
        "summarize.continuity",
    ),
    ("summarize.distributed",),
    ("summarize.output",),
    ("summarize.briefing",),
    ("summarize.summaries", "summarize.translation"),
    ("summarize.cleaning", "summarize.inputs"),
    ("summarize.language",),
    ("summarize.runtime",),
    ("summarize.lexicon",),
    ("summarize.records", "summarize.errors", "summarize.layout", "summarize.wording", "summarize"),
)


def floor(module: str) -> int:
    for index, names in enumerate(LAYERS):
        # the package itself ("summarize", its __init__) by its exact name only
        if any(module == n or (n != "summarize" and module.startswith(n + ".")) for n in names):
            return index
    raise KeyError(f"{module} is on no floor of LAYERS: add it where it belongs")


def upward_imports(edges: dict[str, set[str]]) -> list[str]:
    return [
        f"{source} -> {target}"
        for source, targets in sorted(edges.items())
        for target in sorted(targets)
        if floor(target) < floor(source)
    ]


def test_imports_go_downwards_with_no_exception() -> None:
    found = upward_imports(graph())
    assert not found, "imports up the layers: " + "; ".join(found)


def test_the_layer_check_finds_an_upward_import() -> None:
    edges = {
        "summarize.inputs.sources": {"summarize.output.files"},
        "summarize.output.files": set(),
    }
    assert upward_imports(edges) == ["summarize.inputs.sources -> summarize.output.files"]


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


def function_lengths(path: Path) -> dict[str, int]:
    """Lines of each function (methods as ``Class.name``) from its first body statement
    to its end: the signature, where typer commands declare their options, is apart."""
    found: dict[str, int] = {}

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                name = prefix + child.name
                found[name] = (child.end_lineno or child.lineno) - child.body[0].lineno + 1
                visit(child, name + ".")
            elif isinstance(child, ast.ClassDef):
                visit(child, prefix + child.name + ".")

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), "")
    return found


def long_functions() -> dict[str, int]:
    return {
        f"{module}.{name}": count
        for module, path in modules().items()
        for name, count in function_lengths(path).items()
        if count > MAX_FUNCTION_LINES
    }


def test_no_function_is_over_80_lines() -> None:
    long = long_functions()
    for name, count in sorted(long.items(), key=lambda item: -item[1]):
        print(f"  {count:4d}  {name}")
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_the_function_measure_leaves_the_signature_out(tmp_path: Path) -> None:
    body = "".join(f"    x{i} = {i}\n" for i in range(81))
    path = tmp_path / "m.py"
    signature = "def f(\n    a: int,\n    b: int,\n) -> None:\n"
    path.write_text(f"{signature}{body}class C:\n    def g(self):\n        pass\n")
    assert function_lengths(path) == {"f": 81, "C.g": 1}


def package_of(module: str, path: Path) -> str:
    return module if path.name == "__init__.py" else module.rpartition(".")[0]


def private_imports(path: Path, own: str, known: dict[str, Path]) -> list[str]:
    """``from a import _b`` where ``a`` is in another package than ``own``'s: a private
    name crossing a package boundary (a module and its own package's ``__init__`` are
    one package)."""
    package = package_of(own, path)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.ImportFrom) or node.level or not node.module:
            continue
        if node.module not in known:
            continue
        target_package = package_of(node.module, known[node.module])
        for alias in node.names:
            private = alias.name.startswith("_") and not alias.name.startswith("__")
            if private and target_package != package:
                found.append(f"{own} imports {node.module}.{alias.name}")
    return found


def test_no_private_name_crosses_a_package_boundary() -> None:
    known = modules()
    found = [line for name, path in known.items() for line in private_imports(path, name, known)]
    assert not found, "private names imported from another package: " + "; ".join(found)


def test_the_private_import_check_finds_one(tmp_path: Path) -> None:
    path = tmp_path / "probe.py"
    path.write_text(
        "from summarize.runtime.cache import _hidden\nfrom summarize.pipeline import _x\n"
    )
    known = {
        "summarize.runtime.cache": PACKAGE / "runtime" / "cache.py",
        "summarize.pipeline": PACKAGE / "pipeline.py",
    }
    assert private_imports(path, "summarize.intake", known) == [
        "summarize.intake imports summarize.runtime.cache._hidden"
    ]


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
    longest = sorted(
        (
            (count, f"{module}.{name}")
            for module, path in modules().items()
            for name, count in function_lengths(path).items()
        ),
        reverse=True,
    )[:5]
    print(f"longest functions (limit {MAX_FUNCTION_LINES}):")
    for count, name in longest:
        print(f"  {count:5d}  {name}")
