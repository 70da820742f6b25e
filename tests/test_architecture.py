"""The shape of the house (README "Development"), checked on every run the way Harlequin
checks its core/UI split: the import-linter layer contracts, no import circles, no
private name borrowed across packages, small modules, one face per package."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
LONGEST = 600  # lines; a longer module says why in its docstring ("Long because …")


def sources(*folders: str) -> list[Path]:
    return sorted(p for folder in folders for p in (ROOT / folder).rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_import_linter_contracts_are_kept():
    """pyproject.toml [tool.importlinter]: tui above models, models' packages in layers,
    models never imports textual, rich or tui."""
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def circles(package: str) -> list[list[str]]:
    """Strongly connected groups of more than one module (imports inside functions count)."""
    graph = grimp.build_graph(package, cache_dir=None)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan; the graphs are small enough to recurse
        index[module] = low[module] = len(index)
        stack.append(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return found


@pytest.mark.parametrize("package", ["models", "tui"])
def test_no_import_circles(package):
    assert circles(package) == []


def test_no_private_name_is_imported_across_packages():
    """`from models.a.b import _name` only inside models.a; tests and benchmarks use public names."""
    offenders = []
    for path in sources("models", "tui", "tests", "benchmarks"):
        importer = module_name(path)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module):
                continue
            parts = node.module.split(".")
            if parts[0] not in ("models", "tui"):
                continue
            home = ".".join(parts[:2])  # models.segments, tui.screens, …
            if importer == home or importer.startswith(home + "."):
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.module}.{alias.name}")
    assert offenders == []


def test_modules_are_small_or_say_why():
    offenders = []
    for path in sources("models", "tui"):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") > LONGEST and "Long because" not in (ast.get_docstring(ast.parse(text)) or ""):
            offenders.append(f"{path.relative_to(ROOT)}: {text.count(chr(10))} lines")
    assert offenders == []


def test_models_top_level_holds_only_packages_and_the_filter_grammar():
    top = sorted(p.name for p in (ROOT / "models").glob("*.py"))
    assert top == ["__init__.py", "filters.py"]


def test_every_package_says_what_lives_there():
    for init in sources("models", "tui"):
        if init.name == "__init__.py" and init.parent.name != "tests":
            assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), f"{init.relative_to(ROOT)} has no docstring"
