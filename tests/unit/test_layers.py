"""The import rule of the layout (README, *Layout*): each layer imports only itself and the
layers below it, and no module imports one that imports it back (no circle at all)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. A module may import its own layer and any layer listed before it.
LAYERS = [
    "regions.sources.vocabulary",
    "regions.sources.codes",
    "regions.sources.moments",
    "regions.sources.private_files",
    "regions.sources.sqlite_driver",
    "regions.sources.capabilities",
    "regions.sources.engine",
    "regions.sources.search",
    "regions.sources.subjects",
    "regions.sources.protocol",
    "regions.sources.sql",
    "regions.sources.http",
    "regions.sources.formats",
    "regions.sources.config",
    "regions.registry",
    "regions.standins",
    "graph",
    "graph.hsds",  # the open data (HSDS) over the graph's sources; only app, asgi, cli above it
    "graph.app",
    "graph.asgi",
    "graph.cli",
]
# What a layer may NOT import although it is lower: the graph reads the stand-ins' data
# only through the sources, and the stand-ins take only the registry's demo catalog.
FORBIDDEN = {
    "graph": ["regions.standins"],
    "regions.standins": ["regions.registry.models", "regions.registry.store"],
    "regions.sources.sql": ["regions.sources.http"],
}
# The one exception, by name: `shg serve` starts the configured stand-in services.
ALLOWED = {("graph.cli", "regions.standins.services")}


def _modules() -> dict[str, Path]:
    found = {}
    for top in ("graph", "regions"):
        for path in (ROOT / top).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts).removesuffix(".__init__")
            found[name] = path
    return found


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = {
        id(child)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test)
        for child in ast.walk(node)
    }
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        else:
            continue
        out |= {t for t in targets if t in known and t != name}
    return out


def _layer(name: str) -> int:
    for i, layer in reversed(list(enumerate(LAYERS))):
        if name == layer or name.startswith(layer + "."):
            return i
    if any(layer.startswith(name + ".") for layer in LAYERS):
        return -1  # a package that only holds layers (its __init__ imports nothing)
    raise AssertionError(f"{name} is in no layer of the layout")


def _graph() -> dict[str, set[str]]:
    known = _modules()
    return {name: _imports(name, path, known) for name, path in known.items()}


def test_every_module_belongs_to_a_layer() -> None:
    for name in _graph():
        _layer(name)


def test_nothing_imports_upward() -> None:
    upward = []
    for name, targets in _graph().items():
        for target in targets:
            if (name, target) in ALLOWED:
                continue
            if _layer(target) > _layer(name):
                upward.append(f"{name} -> {target}")
            here = LAYERS[_layer(name)] if _layer(name) >= 0 else name
            if any(target.startswith(bad) for bad in FORBIDDEN.get(here, [])):
                upward.append(f"{name} -> {target} (forbidden for {here})")
    assert upward == []


def test_no_import_circle() -> None:
    edges = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for v in edges:
        if v not in index:
            visit(v)
    assert circles == []


def test_the_rule_catches_an_upward_import(tmp_path: Path) -> None:
    """The checker itself: a source module importing the registry is found."""
    known = {"regions.sources.protocol": tmp_path / "p.py", "regions.registry.models": tmp_path}
    (tmp_path / "p.py").write_text("from regions.registry.models import Group\n")
    found = _imports("regions.sources.protocol", tmp_path / "p.py", known)
    assert found == {"regions.registry.models"}
    assert _layer("regions.registry.models") > _layer("regions.sources.protocol")
