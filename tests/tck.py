"""The openCypher TCK's statements, read from its Gherkin feature files in ``../shared/tck``.

A real, independent corpus for anything that must tell reading from writing Cypher. Scenario
outlines are expanded with their ``Examples`` rows; each statement keeps where it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

TCK_FEATURES = Path(__file__).resolve().parents[1].parent / "shared" / "tck" / "features"
_STEP = re.compile(r"^\s*(Given|And|When|Then|But)\s+(.*?):?\s*$")
_PLACEHOLDER = re.compile(r"<([^<>\s]+)>")


@dataclass(frozen=True)
class TckStatement:
    """One statement: its text, its role ('setup', 'query' or 'control') and its scenario."""

    cypher: str
    role: str
    where: str  # "clauses/create/Create1.feature:[3] …"


def tck_statements(features: Path = TCK_FEATURES) -> list[TckStatement]:
    """Every statement of every feature file, outlines expanded."""
    if not features.is_dir():
        raise FileNotFoundError(f"the openCypher TCK is missing: {features} (../shared/tck beside the project)")
    statements: list[TckStatement] = []
    for path in sorted(features.rglob("*.feature")):
        statements += _file_statements(path, path.relative_to(features).as_posix())
    return statements


def _file_statements(path: Path, name: str) -> list[TckStatement]:
    statements: list[TckStatement] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    scenario, templates, examples, step, i = "", [], [], "", 0
    in_examples = False

    def flush() -> None:
        rows = examples or [{}]
        for cypher, role in templates:
            for row in rows:
                text = _PLACEHOLDER.sub(lambda m: row.get(m.group(1), m.group(0)), cypher)
                statements.append(TckStatement(text, role, f"{name}:{scenario}"))

    while i < len(lines):
        line = lines[i].strip()
        if line.startswith(("Scenario:", "Scenario Outline:")):
            flush()
            scenario, templates, examples, in_examples = line.split(":", 1)[1].strip(), [], [], False
        elif line.startswith("Examples"):
            in_examples, header = True, None
            i += 1
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = [c.strip() for c in lines[i].strip()[1:-1].split("|")]
                if header is None:
                    header = cells
                else:
                    examples.append(dict(zip(header, cells)))
                i += 1
            continue
        elif line == '"""':
            end = i + 1
            while lines[end].strip() != '"""':
                end += 1
            indent = len(lines[i]) - len(lines[i].lstrip())
            text = "\n".join(raw[indent:] for raw in lines[i + 1 : end]).strip()
            role = "control" if "control query" in step else "query" if "executing query" in step else "setup"
            if "executing" in step or "executed" in step:
                templates.append((text, role))
            i = end
        elif (match := _STEP.match(lines[i])) and not in_examples:
            step = match.group(2)
        i += 1
    flush()
    return statements
