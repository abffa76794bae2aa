"""No two modules of ronten_cli import each other, directly or around a loop, lazily or not;
and the library does not import the command line.

A cycle hidden in a function-level import (render/docx.py and render/reference.py once had one)
still ties the two modules together: neither can be read, tested or moved alone. A library module
that imported Click or ``ronten_cli.cli`` could raise a usage error at a program calling it.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "ronten_cli"


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


@functools.cache
def _import_statements(path: Path) -> tuple[ast.Import | ast.ImportFrom, ...]:
    """Every import statement of ``path``, at any depth (parsed once for all the tests here)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return tuple(node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom))


def _imports(name: str, path: Path, modules: dict[str, Path], *, others: bool = False) -> set[str]:
    """The ronten_cli modules ``name`` imports anywhere in its body; with ``others``, the
    top-level names of the other packages it imports too."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in _import_statements(path):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            submodules = [f"{target}.{alias.name}" for alias in node.names]
            # ``from . import sibling`` imports the sibling, not the package it sits in.
            named = [alias.name for alias in node.names if f"{target}.{alias.name}" not in modules]
            candidates = [*([target] if named else []), *submodules]
        else:
            candidates = [alias.name for alias in node.names]
        found.update(candidate for candidate in candidates if candidate in modules and candidate != name)
        if others and not (isinstance(node, ast.ImportFrom) and node.level):
            found.update(candidate.partition(".")[0] for candidate in candidates if candidate not in modules)
    return found


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of ``graph`` (depth-first, iterative), or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    for start in sorted(graph):
        if start in state:
            continue
        path = [start]
        pending = [iter(sorted(graph[start]))]
        state[start] = 1
        while pending:
            following = next(pending[-1], None)
            if following is None:
                state[path.pop()] = 2
                pending.pop()
            elif state.get(following) == 1:
                return [*path[path.index(following) :], following]
            elif following not in state:
                state[following] = 1
                path.append(following)
                pending.append(iter(sorted(graph[following])))
    return []


def test_no_import_cycles():
    modules = _modules()
    graph = {name: _imports(name, path, modules) for name, path in modules.items()}
    assert "ronten_cli.ooxml.wml" in graph["ronten_cli.render.docx"]  # the graph sees the imports
    assert _cycle(graph) == []


def test_the_cycle_finder_finds_a_cycle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) == []


# The entry points of the command line, and the extraction of its help texts for the catalog.
USES_THE_CLI = {"ronten_cli.__main__", "ronten_cli.i18n.extraction"}


def test_the_library_does_not_import_the_command_line():
    modules = _modules()
    library = {name: path for name, path in modules.items() if not name.startswith("ronten_cli.cli")}
    imports = {name: _imports(name, path, modules, others=True) for name, path in library.items()}
    assert "jinja2" in imports["ronten_cli.render.templating"]  # the scan sees other packages
    assert "ronten_cli.cli" in imports["ronten_cli.__main__"]  # and the command line
    wrong = {
        name: sorted(found & {"click", *(m for m in modules if m.startswith("ronten_cli.cli"))})
        for name, found in imports.items()
        if name not in USES_THE_CLI
    }
    assert {name: found for name, found in wrong.items() if found} == {}
