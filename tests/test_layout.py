"""The layout promises: a step's name is its address, files stay small, and no module of
winnow imports itself back through another (at module level or inside a function)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT
from winnow.registry import all_steps

PACKAGE = ROOT / "src" / "winnow"
MAX_LINES = 500


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_every_built_in_step_lives_where_its_name_points() -> None:
    for name, cls in all_steps().items():
        if not cls.__module__.startswith("winnow."):
            continue  # a plugin installed in this environment
        namespace, _, leaf = name.partition(".")
        home = f"winnow.steps.{namespace}"
        assert cls.__module__ in (home, f"{home}.{leaf}") or cls.__module__.startswith(
            f"{home}.{leaf}."
        ), f"{name} is defined in {cls.__module__}"


def test_no_source_file_is_over_the_size_limit() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def import_graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            graph[module] |= {t for t in targets if t in modules and t != module}
    return graph


def test_no_import_cycle() -> None:
    graph = import_graph()
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(graph[module]):
            if state.get(dep) == 1:
                cycles.append([*path[path.index(dep) :], dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []
