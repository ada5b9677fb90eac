"""The shape of the code: no import cycles in ``src/`` and ``plugins/``, and a core that
never imports a plugin.

The import graph is read with ``ast`` from the files (nothing is imported): module-level
imports and those under ``if TYPE_CHECKING:`` (and any other ``if``/``try`` at module
level) count; imports inside functions do not, because they run after every module is
loaded.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BASES = (ROOT / "src", ROOT / "plugins")
PLUGIN_PACKAGES = tuple(p.name for p in (ROOT / "plugins").iterdir() if (p / "__init__.py").exists())


def modules() -> dict[str, Path]:
    """Every module of src/ and plugins/ by dotted name (a package by its ``__init__``)."""
    found = {}
    for base in BASES:
        for path in sorted(base.rglob("*.py")):
            parts = list(path.relative_to(base).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _top_level_imports(body: list[ast.stmt]) -> list[ast.Import | ast.ImportFrom]:
    """Import statements that run when the module is imported (or that type checkers see)."""
    found: list[ast.Import | ast.ImportFrom] = []
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.If):
            found += _top_level_imports(node.body) + _top_level_imports(node.orelse)
        elif isinstance(node, ast.Try):
            found += _top_level_imports(node.body) + _top_level_imports(node.orelse)
            found += _top_level_imports(node.finalbody)
            for handler in node.handlers:
                found += _top_level_imports(handler.body)
    return found


def imported_names(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules ``name`` imports: ``from a.b import c`` is ``a.b.c`` if that is a module,
    else ``a.b``; relative imports are resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in _top_level_imports(tree.body):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
            continue
        if node.level:
            parts = package.split(".")
            base = parts[: len(parts) - (node.level - 1)]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        for alias in node.names:
            sub = f"{module}.{alias.name}"
            targets.add(sub if sub in known else module)
    return targets


def import_graph() -> dict[str, set[str]]:
    """Module → the modules of src/ and plugins/ it imports."""
    found = modules()
    known = set(found)
    return {
        name: {t for t in imported_names(name, path, known) if t in known and t != name}
        for name, path in found.items()
    }


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as ``[a, b, …, a]``, or ``None``."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_the_finder_finds_a_cycle_and_accepts_a_tree() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_reader_sees_type_checking_and_relative_imports(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import sibling\n"
        "from .sub import thing\n"
        "if TYPE_CHECKING:\n"
        "    from pkg.hidden import Name\n"
        "def late():\n"
        "    import pkg.late\n"
    )
    known = {"pkg.m", "pkg.sibling", "pkg.sub", "pkg.hidden", "pkg.late"}
    assert imported_names("pkg.m", module, known) & known == {
        "pkg.sibling",
        "pkg.sub",
        "pkg.hidden",
    }


def test_the_graph_covers_the_code() -> None:
    graph = import_graph()
    assert {"referat", "referat.api", "referat.registry", "referat.runner"} <= set(graph)
    assert set(PLUGIN_PACKAGES) == {"referat_tables", "referat_decisions", "referat_economics"}
    assert "referat.registry" in graph["referat_tables"]  # the reader sees real imports


def test_no_import_cycles_in_src_and_plugins() -> None:
    assert find_cycle(import_graph()) is None


@pytest.mark.parametrize("name", sorted(n for n in modules() if n.split(".")[0] == "referat"))
def test_the_core_never_imports_a_plugin(name: str) -> None:
    found = modules()
    tree = ast.parse(found[name].read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):  # anywhere in the module, functions included
        if isinstance(node, ast.Import):
            imported.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            imported.add(node.module)
    plugins = {m for m in imported if m.split(".")[0] in PLUGIN_PACKAGES}
    assert plugins == set()
