"""House style that a reader can check by eye, checked by the ast instead.

* No function in the packages (``ingest/``, ``graph/``, ``queries/``, ``quotegraph/``) is over
  ``MAX_LINES`` lines, decorators and docstring included: one rule per function.
* No module imports a private name (``from .x import _y``) from another module of the package: what
  another module needs is public API, named so.

One test per file, so a failure names the file to mend.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support import REPO

MAX_LINES = 60
PACKAGE_DIRS = ("ingest", "graph", "queries", "quotegraph")
FILES = sorted(p for d in PACKAGE_DIRS for p in (REPO / d).rglob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def long_functions(tree: ast.Module) -> list[str]:
    """``name (n lines) at line k`` for every function or method longer than MAX_LINES."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_LINES:
                out.append(f"{node.name} ({length} lines) at line {node.lineno}")
    return out


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_imports(tree: ast.Module) -> list[str]:
    """``from x import _y`` statements that reach into another module of the package (relative or quotegraph.*)."""
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ImportFrom):
            continue
        ours = node.level > 0 or (node.module or "").split(".")[0] == "quotegraph"
        for alias in node.names:
            if ours and _is_private(alias.name):
                out.append(f"from {'.' * node.level}{node.module or ''} import {alias.name} at line {node.lineno}")
    return out


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_functions_are_short(path):
    assert not long_functions(_tree(path)), f"over {MAX_LINES} lines: {long_functions(_tree(path))}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_private_names_imported_across_modules(path):
    assert not private_imports(_tree(path))


def test_the_checks_find_what_they_look_for():
    long_body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    assert long_functions(ast.parse(f"def f():\n{long_body}\n")) == [f"f ({MAX_LINES + 1} lines) at line 1"]
    assert long_functions(ast.parse("def f():\n    return 1\n")) == []
    source = ("from .common import _helper, public\nfrom quotegraph.graph.store import _atomic\n"
              "from os import _exit\nfrom __future__ import annotations\nfrom .x import __version__\n")
    assert private_imports(ast.parse(source)) == [
        "from .common import _helper at line 1", "from quotegraph.graph.store import _atomic at line 2"]
