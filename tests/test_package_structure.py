"""The package's floors, as docs/authoring.md draws them ("The package on three floors").

Every module of ``course/`` is in the map's table with its floor; a module imports only its own
floor or the floors below, at the top of the file; no circle of imports; no module over 800 lines.
The imports are read with ``ast`` (nothing is imported), so a test run sees exactly what the files say.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "course"
MAP = REPO / "docs" / "authoring.md"
MAX_LINES = 800
_ROW = re.compile(r"^\|\s*`(course/[^`]+)`\s*\|\s*([123])\s*\|")
#: A module named in a string, to be imported by name when first needed ("course.explorers.perfusion:
#: PerfusionExplorer" in the explorer registry, "course.data" in the package's table of public names).
_NAMED = re.compile(r"^(course(?:\.[a-z_][a-z0-9_]*)+)(?::[A-Za-z_][A-Za-z0-9_]*)?$")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def floor_map(text: str) -> dict[str, int]:
    """The table of the map: path pattern ('course/models/*') -> floor."""
    return {m.group(1): int(m.group(2)) for line in text.splitlines() if (m := _ROW.match(line))}


def floor_of(path: Path, table: dict[str, int]) -> int | None:
    rel = path.relative_to(REPO).as_posix()
    if rel in table:
        return table[rel]
    matches = [floor for pattern, floor in table.items() if fnmatch.fnmatch(rel, pattern)]
    return matches[0] if matches else None


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The course modules an import statement reaches (``from . import data`` reaches course.data)."""
    if isinstance(node, ast.Import):
        return [a.name for a in node.names if a.name.split(".")[0] == "course"]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
    if target.split(".")[0] != "course":
        return []
    return [f"{target}.{a.name}" if f"{target}.{a.name}" in MODULES else target for a in node.names]


def imports(path: Path, module: str | None = None) -> tuple[set[str], list[tuple[int, str]]]:
    """(course modules imported at the top of the file, [(line, module)] imported inside a function)."""
    module = module or module_name(path)
    top: set[str] = set()
    hidden: list[tuple[int, str]] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, True)
            elif isinstance(child, (ast.Import, ast.ImportFrom)):
                for target in dict.fromkeys(_targets(child, module, path.name == "__init__.py")):
                    if in_function:
                        hidden.append((child.lineno, target))
                    elif target != module:
                        top.add(target)
            else:
                visit(child, in_function)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return top, hidden


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every circle of imports, as one path round it per strongly connected group (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in graph.get(v, ()):
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return found


def named_modules(path: Path) -> set[str]:
    """Course modules a file names in a string, to import them by name later (a lazy table)."""
    return {m.group(1) for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and (m := _NAMED.match(node.value))}


def graph_of(modules: dict[str, Path], hidden: bool = False) -> dict[str, set[str]]:
    """Who imports whom: at the top of the file, and by name in a lazy table; with ``hidden``, also
    the imports inside functions."""
    graph = {}
    for name, path in modules.items():
        top, inside = imports(path)
        reached = top | named_modules(path) | ({t for _, t in inside} if hidden else set())
        graph[name] = {t for t in reached if t in modules and t != name}
    return graph


# --------------------------------------------------------------------------------------------


def test_the_checks_see_what_they_should(tmp_path):
    """The readers find a hidden import, a circle and a module's floor in small made-up cases."""
    made_up = tmp_path / "made_up.py"
    made_up.write_text("import json\nfrom . import data\n\n\ndef f():\n    from .text import plain_text\n")
    assert imports(made_up, "course.made_up") == ({"course.data"}, [(6, "course.text")])
    made_up.write_text('TABLE = {"x": "course.explorers.perfusion:PerfusionExplorer", "y": "course.data"}\n')
    assert named_modules(made_up) == {"course.explorers.perfusion", "course.data"}
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []
    table = floor_map("| `course/models/*` | 1 | models |\n| `course/cli.py` | 3 | commands |")
    assert floor_of(PACKAGE / "models" / "risk.py", table) == 1
    assert floor_of(PACKAGE / "cli.py", table) == 3
    assert floor_of(PACKAGE / "session.py", table) is None


def test_every_module_is_on_the_map():
    table = floor_map(MAP.read_text(encoding="utf-8"))
    missing = [p.relative_to(REPO).as_posix() for p in MODULES.values() if floor_of(p, table) is None]
    assert not missing, f"add these modules to the table in {MAP.relative_to(REPO)} (with their floor): {missing}"
    stale = [pattern for pattern in table if not any(fnmatch.fnmatch(p.relative_to(REPO).as_posix(), pattern)
                                                      for p in MODULES.values())]
    assert not stale, f"the map in {MAP.relative_to(REPO)} names modules that do not exist: {stale}"


def test_no_module_imports_a_floor_above_its_own():
    table = floor_map(MAP.read_text(encoding="utf-8"))
    floors = {name: floor_of(path, table) for name, path in MODULES.items()}
    upward = [f"{name} (floor {floors[name]}) imports {target} (floor {floors[target]})"
              for name, targets in graph_of(MODULES).items() for target in sorted(targets)
              if floors[name] is not None and floors[target] is not None and floors[target] > floors[name]]
    assert not upward, "a lower floor must not know the floors above it:\n" + "\n".join(upward)


def test_no_import_is_hidden_inside_a_function():
    hidden = [f"{path.relative_to(REPO)}:{line} imports {target}"
              for path in MODULES.values() for line, target in imports(path)[1]]
    assert not hidden, "import course modules at the top of the file:\n" + "\n".join(hidden)


def test_no_circle_of_imports():
    found = cycles(graph_of(MODULES, hidden=True))
    assert not found, "these modules import each other round a circle: " + "; ".join(" -> ".join(c) for c in found)


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_at_most_800_lines(name):
    n = len(MODULES[name].read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{MODULES[name].relative_to(REPO)} has {n} lines (at most {MAX_LINES}): split it"
