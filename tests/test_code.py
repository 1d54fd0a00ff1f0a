"""The code's own standards, checked as a test so CI holds them: lint and format (ruff), types
(mypy over dashboard/), modules of a readable size, short functions, and an import graph that
runs one way: extract/ and view/ never reach up into ui/ or brief/, nothing imports in a circle."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "dashboard"
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "vocab" not in p.parts)


def _run(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("command", [("check", "."), ("format", "--check", ".")], ids=["lint", "format"])
def test_ruff(command):
    ruff = shutil.which("ruff")
    assert ruff, "ruff is part of the test extras (pip install -e '.[test]')"
    done = _run(ruff, *command)
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy():
    done = _run(sys.executable, "-m", "mypy")
    assert done.returncode == 0, done.stdout + done.stderr


def test_modules_and_functions_stay_short():
    long = []
    for path in _modules():
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT).as_posix()
        if len(source.splitlines()) > MAX_MODULE_LINES:
            long.append(f"{name}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{name}:{node.lineno} {node.name}: {length} lines")
    assert not long, "\n".join(long)


def _imports(path: Path) -> set[str]:
    """The dashboard modules a file imports (at any depth of the file: lazy imports count; those
    under `if TYPE_CHECKING:` do not, as they never run)."""
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for block in ast.walk(tree):
        if isinstance(block, ast.If) and ast.unparse(block.test).endswith("TYPE_CHECKING"):
            block.body = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("dashboard"):
            found.add(node.module)
            found |= {f"{node.module}.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("dashboard")}
    return found


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _graph() -> dict[str, set[str]]:
    names = {_module_name(p): p for p in _modules()}
    return {name: {m for m in _imports(path) if m in names and m != name} for name, path in names.items()}


def test_extraction_and_views_never_import_the_app_or_the_brief():
    upward = [
        f"{a} -> {b}"
        for a, targets in _graph().items()
        for b in targets
        if a.startswith(("dashboard.extract", "dashboard.view", "dashboard.schema", "dashboard.tables"))
        and b.startswith(("dashboard.ui", "dashboard.brief", "dashboard.app", "dashboard.cli"))
    ]
    assert not upward, upward


def test_no_import_cycles():
    graph = _graph()
    seen: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(node: str, path: list[str]) -> list[str] | None:
        seen[node] = 1
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                return [*path, node, nxt]
            if nxt not in seen:
                cycle = visit(nxt, [*path, node])
                if cycle:
                    return cycle
        seen[node] = 2
        return None

    for start in sorted(graph):
        if start not in seen:
            cycle = visit(start, [])
            assert cycle is None, " -> ".join(cycle or [])
