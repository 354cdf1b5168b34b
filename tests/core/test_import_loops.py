"""No import loops in ``app/``: read from the source, imports at module level and inside
functions alike (a lazy import only hides a loop from the interpreter, not from the reader:
two modules that need each other are one module in two files, or a third one is missing).

The graph has an edge ``a → b`` for every ``import b``/``from b import x`` in ``a`` (relative
imports resolved; ``from package import module`` points at the module; the short service names
such as ``app.services.payments`` point at the module in its room).
"""

from __future__ import annotations

import ast
from pathlib import Path

from app.services import _HOME as SHORT_NAMES
from tests.places import ROOT

APP = ROOT / "app"
# Loops allowed, each for its reason (keep this short):
KNOWN_LOOPS = {
    # worklist joins the malinhas to Cobranças de hoje at module level; malinha_reminders makes
    # the entry of a malinha alone with worklist.WorklistEntry (a lazy import). Breaking it
    # means moving WorklistEntry out of worklist.py, which is being rewritten for speed.
    frozenset({"app.services.collection.worklist",
               "app.services.conditional.malinha_reminders"}),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def import_graph(sources: dict[str, tuple[str, bool]]) -> dict[str, dict[str, int]]:
    """``module → {imported module → line}`` over ``sources`` (``module → (source text,
    is a package's __init__)``); imports of modules outside ``sources`` are left out."""
    def known(name: str) -> str | None:
        package, _, last = name.rpartition(".")
        if package == "app.services" and last in SHORT_NAMES:
            return SHORT_NAMES[last]
        return name if name in sources else None

    graph: dict[str, dict[str, int]] = {}
    for module, (text, is_package) in sources.items():
        package = module if is_package else module.rpartition(".")[0]
        edges: dict[str, int] = {}
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = package.split(".")
                    base = ".".join(parts[:len(parts) - node.level + 1] + [base] * bool(base))
                subs = [known(f"{base}.{a.name}") for a in node.names]
                names = [s for s in subs if s] + ([base] if not all(subs) else [])
            else:
                continue
            for name in names:
                target = known(name)
                if target and target != module:
                    edges.setdefault(target, node.lineno)
        graph[module] = edges
    return graph


def loops(graph: dict[str, dict[str, int]]) -> list[frozenset[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(graph[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(frozenset(group))
    return found


def app_sources() -> dict[str, tuple[str, bool]]:
    return {module_name(p): (p.read_text(encoding="utf-8"), p.name == "__init__.py")
            for p in sorted(APP.rglob("*.py"))}


def _described(graph, group: frozenset[str]) -> str:
    return "\n".join(f"  {a}:{line} imports {b}" for a in sorted(group)
                     for b, line in graph[a].items() if b in group)


def test_the_app_has_no_import_loop_but_the_known_ones():
    graph = import_graph(app_sources())
    assert len(graph) > 200 and graph["app.ui.pieces.return_dialog"]  # the walk saw the app
    new = [g for g in loops(graph) if g not in KNOWN_LOOPS]
    assert not new, "import loops:\n" + "\n\n".join(_described(graph, g) for g in new)


def test_each_known_loop_is_still_there():
    """A loop that was broken leaves the list (so the list only says what is true)."""
    assert KNOWN_LOOPS <= set(loops(import_graph(app_sources())))


def test_a_lazy_import_that_closes_a_loop_is_caught():
    sources = app_sources()
    text, is_package = sources["app.services.core.money"]
    sources["app.services.core.money"] = (text + (
        "\n\ndef _late():\n    from app.services import payments  # a short name, lazily\n"
        "    return payments\n"), is_package)
    sources["app.ui.kit.fake"] = ("from .ops import Op\n", False)
    sources["app.ui.kit.ops"] = (sources["app.ui.kit.ops"][0] + "\nfrom . import fake\n",
                                 False)
    found = set(loops(import_graph(sources))) - KNOWN_LOOPS
    assert {"app.ui.kit.fake", "app.ui.kit.ops"} in [set(g) for g in found]
    assert any({"app.services.core.money", "app.services.receivables.payments"} <= g
               for g in found)
