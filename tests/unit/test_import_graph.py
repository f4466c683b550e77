"""Imports run downward: server/ never imports schema/, and server/'s modules import each other
without a cycle — counting the imports written inside functions too, so a cycle cannot hide there.
(The composition root that imports both is the top-level `lianchuang` package.)"""
import ast
from pathlib import Path

from server.settings import REPO_ROOT


def _modules(package: str) -> dict[str, Path]:
    found = {}
    for path in sorted((REPO_ROOT / package).rglob("*.py")):
        name = ".".join(path.relative_to(REPO_ROOT).with_suffix("").parts).removesuffix(".__init__")
        found[name] = path
    return found


def _imports(name: str, path: Path, known: dict[str, Path]) -> list[tuple[str, int]]:
    """(imported module, line) for every import statement of the module, wherever it is written."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            for alias in node.names:
                # `from server.case import service` imports the module server.case.service
                found.append((f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base, node.lineno))
    return found


def _graph() -> tuple[dict[str, set[str]], list[str]]:
    server = _modules("server")
    known = {**server, **_modules("schema")}
    graph: dict[str, set[str]] = {}
    upward = []
    for name, path in server.items():
        graph[name] = set()
        for target, line in _imports(name, path, known):
            if target == "schema" or target.startswith("schema."):
                upward.append(f"{path.relative_to(REPO_ROOT)}:{line} imports {target}")
            elif target in server and target != name:
                graph[name].add(target)
    return graph, upward


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path of module names, or None (depth-first search)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return path[path.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_server_never_imports_schema():
    _, upward = _graph()
    assert upward == []


# Known back-edges, each an import written inside a function: (importer, imported). Keep it empty:
# the evaluation split (issue 15) removed the last one.
KNOWN_BACK_EDGES: set[tuple[str, str]] = set()


def test_server_imports_have_no_cycle():
    graph, _ = _graph()
    for importer, imported in KNOWN_BACK_EDGES:
        assert imported in graph[importer], f"{importer} no longer imports {imported}: drop it from the list"
        graph[importer].discard(imported)
    assert _cycle(graph) is None


def test_the_checks_see_what_they_look_for():
    """The graph is real: a module known to import another is an edge, and a made-up cycle is found."""
    graph, _ = _graph()
    assert "server.attachment.access" in graph["server.case.files"]
    assert not any(target.startswith("server.case") for target in graph["server.attachment.access"])
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]


def test_every_owner_of_files_registered_who_may_read_them():
    """attachment/ imports no domain: each domain registers its rule, and none is missing once the
    application's modules are imported."""
    import server.app  # noqa: F401 — imports every domain that owns files
    from server.attachment import access
    from server.attachment.models import Attachment

    assert access.registered_columns() == set(Attachment.OWNER_COLUMNS)
