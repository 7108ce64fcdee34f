"""The house's rules, checked on the source: layers that do not loop, modules a reader can hold in mind.

Read from the source with :mod:`ast` (module-level imports only, the ones that run when a module is
imported; imports inside functions and under ``TYPE_CHECKING`` are deliberate late bindings):

- no import cycle among detente's modules;
- no module over 400 lines;
- the web app does not import the command line, the run store does not import the reports, the
  analyses or the run service (the store keeps tables; :mod:`detente.runs` knows which result class
  reads them back);
- no module imports another module's underscore names, nor a private module of another package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import detente

SRC = Path(detente.__file__).resolve().parent.parent
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    out = {}
    for path in (SRC / "detente").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _top_level_imports(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        if isinstance(node, (ast.Try, ast.If)):
            yield from (sub for sub in ast.walk(node) if isinstance(sub, (ast.Import, ast.ImportFrom)))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node


def _imports(name: str, path: Path):
    """(imported module, names taken from it) for each module-level import of detente code."""
    is_package = path.name == "__init__.py"
    for node in _top_level_imports(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            yield from ((a.name, []) for a in node.names if a.name.startswith("detente"))
            continue
        if node.level:
            base = name.split(".") if is_package else name.split(".")[:-1]
            base = base[: len(base) - (node.level - 1)]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        if not module.startswith("detente"):
            continue
        names = []
        for alias in node.names:
            if f"{module}.{alias.name}" in MODULES:
                yield f"{module}.{alias.name}", []
            else:
                names.append(alias.name)
        if names:
            yield module, names


EDGES = {name: list(_imports(name, path)) for name, path in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan 1972), iteratively."""
    graph = {m: sorted({t for t, _ in EDGES[m] if t in MODULES and t != m}) for m in MODULES}
    index, low, on_stack, stack, found, counter = {}, {}, set(), [], [], 0
    for root in graph:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            if i < len(graph[node]):
                work.append((node, i + 1))
                child = graph[node][i]
                if child not in index:
                    work.append((child, 0))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
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
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return found


def test_no_import_cycle():
    assert _cycles() == []


def test_no_module_over_400_lines():
    long = {name: n for name, path in MODULES.items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}


@pytest.mark.parametrize("layer, forbidden", [
    ("detente.web", ("detente.cli",)),
    ("detente.store", ("detente.report", "detente.analysis", "detente.runs", "detente.web", "detente.cli")),
    ("detente.models", ("detente.cli", "detente.web", "detente.runs", "detente.store", "detente.report")),
    ("detente.scenario", ("detente.models", "detente.analysis", "detente.cli", "detente.web", "detente.runs")),
])
def test_layers(layer, forbidden):
    breaches = [(m, t) for m, edges in EDGES.items() if m == layer or m.startswith(layer + ".")
                for t, _ in edges if any(t == f or t.startswith(f + ".") for f in forbidden)]
    assert breaches == []


def test_no_module_imports_another_modules_private_names():
    private = []
    for module, edges in EDGES.items():
        for target, names in edges:
            private += [(module, target, n) for n in names if n.startswith("_") and not n.startswith("__")]
            package, _, last = target.rpartition(".")
            if last.startswith("_") and not last.startswith("__") and not module.startswith(package):
                private.append((module, target, "(a private module of another package)"))
    assert private == []


def test_the_checks_see_the_house():
    """The walk finds the layers it checks (a wrong source root would pass every test above vacuously)."""
    assert {"detente.cli", "detente.runs", "detente.web.app", "detente.store.core", "detente.models.base",
            "detente.scenario.schema"} <= set(MODULES)
    assert any(target.startswith("detente.runs.") for target, _ in EDGES["detente.runs"])
