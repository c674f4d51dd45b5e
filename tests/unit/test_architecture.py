"""The dependency direction of DESIGN.md, enforced by parsing imports."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OURS = {"graph", "loaders", "queries", "analytics", "dashboard", "cli"}
ALLOWED = {
    "graph": set(),
    "loaders": {"graph"},
    "queries": {"graph", "analytics"},
    "analytics": set(),  # functions of a graph: no driver, no Cypher, no other package of ours
    "dashboard": {"graph", "queries", "analytics", "loaders"},
    "cli": {"graph", "queries", "analytics", "loaders", "dashboard"},
}


def imported_packages(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & OURS


def test_each_package_imports_only_what_it_may() -> None:
    violations = []
    for package, allowed in ALLOWED.items():
        for path in (ROOT / package).rglob("*.py"):
            for imported in imported_packages(path) - allowed - {package}:
                violations.append(f"{path.relative_to(ROOT)} imports {imported}")
    assert violations == []


def test_analytics_never_imports_neo4j() -> None:
    """analytics/ holds pure functions of a graph; the database reads live in queries/."""
    users = [str(path.relative_to(ROOT)) for path in (ROOT / "analytics").rglob("*.py")
             if "neo4j" in {name.split(".")[0] for name in _all_imports(path)}]
    assert users == []


def _all_imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_no_cypher_is_built_with_f_strings() -> None:
    offenders = []
    for package in OURS:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.JoinedStr):
                    text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                    if any(word in text for word in ("MATCH ", "MERGE ", "CREATE ", "DELETE ")):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_innograph_itself_never_uses_load_csv() -> None:
    """The local server refuses LOAD CSV from files and addresses (issue 14); nothing of ours needs it."""
    refusers = {"queries/cypher_guard.py", "queries/plan_guard.py", "queries/console.py"}  # they name it to refuse it
    users = [str(path.relative_to(ROOT)) for package in OURS for path in (ROOT / package).rglob("*")
             if path.suffix in (".py", ".cypher") and "LOAD CSV" in path.read_text(encoding="utf-8").upper()]
    assert sorted(set(users) - refusers) == []
