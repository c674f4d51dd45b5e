"""Every leaf command of ``innograph`` as an argument list, found by reading the parser itself, so
that a command added later is covered without editing the tests."""

from __future__ import annotations

import argparse
from pathlib import Path

from cli.main import build_parser

REPO = Path(__file__).resolve().parents[2]
# Values for arguments whose name says what they need; anything else gets the placeholder text.
KNOWN_VALUES = {
    "path": str(REPO / "data" / "demo"),
    "folder": str(REPO / "data" / "demo"),
    "file": str(REPO / "data" / "demo" / "aliases.csv"),
    "output": "/tmp/innograph-reliability-export.json",
    "out": "/tmp/innograph-reliability-export.json",
    "cypher": "MATCH (n) RETURN count(n)",
    "query": "MATCH (n) RETURN count(n)",
}
PLACEHOLDER = "Fraunhofer"
# Commands that do not talk to a database when they start: ``serve`` hands over to Streamlit (its
# pages are checked with AppTest), ``db stop`` only signals a local process, and ``db repair``,
# ``db backup`` and ``db restore`` work on the local server's files (with ``NEO4J_URI`` set they refuse
# in one line: test_disk_full_recovery.py).
NO_DATABASE = {("serve",), ("db", "stop"), ("db", "repair"), ("db", "backup"), ("db", "restore")}


def leaf_commands() -> list[tuple[str, ...]]:
    """Argument lists such as ``("paths", "Fraunhofer", "Fraunhofer")``, one per leaf command."""
    return [tuple(argv) for argv in _walk(build_parser(), [])]


def command_name(argv: tuple[str, ...]) -> str:
    return " ".join(a for a in argv if not a.startswith(("/", "-")) and a not in (PLACEHOLDER, KNOWN_VALUES["cypher"]))


def _walk(parser: argparse.ArgumentParser, prefix: list[str]):
    sub = next((a for a in parser._actions if isinstance(a, argparse._SubParsersAction)), None)
    if sub is not None:
        for name, child in sub.choices.items():
            yield from _walk(child, [*prefix, name])
        return
    argv = list(prefix)
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings and (action.nargs not in ("?", "*") or action.dest in KNOWN_VALUES):
            argv.append(_value(action))
        elif action.option_strings and action.required:
            argv += [action.option_strings[-1], _value(action)]
    yield argv


def _value(action: argparse.Action) -> str:
    if action.choices:
        return str(list(action.choices)[0])
    return KNOWN_VALUES.get(action.dest.replace("-", "_"), PLACEHOLDER)
