"""The ``innograph`` process starts lean (issue 19 counts every command against ``innograph query "RETURN 1"``):
without the driver's dataframe imports (pandas stays usable after) and with only its command's module."""

import argparse
import subprocess
import sys
from pathlib import Path

from cli.main import COMMANDS, build_parser

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_the_cli_imports_the_driver_without_pandas_or_pyarrow():
    code = "import sys, cli.main; cli.main.build_parser(); print(sorted(m for m in ('pandas', 'pyarrow') if m in sys.modules))"
    assert _run(code) == "[]"


def test_pandas_still_imports_after_the_cli_started():
    assert _run("import cli.main, pandas, neo4j; print(pandas.DataFrame({'a': [1]}).shape)") == "(1, 1)"


def test_a_driver_imported_before_the_cli_is_left_as_it_is():
    assert _run("import neo4j, sys, cli; print('pandas' in sys.modules)") == "True"


def _commands(parser: argparse.ArgumentParser) -> set:
    return set(next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices)


def test_each_command_comes_from_the_module_the_table_names():
    assert _commands(build_parser()) == set(COMMANDS)
    for command, module in COMMANDS.items():
        assert _commands(build_parser(command)) == {c for c, m in COMMANDS.items() if m == module}


def test_a_command_imports_only_its_own_module():
    code = ("import sys, cli.main; cli.main.build_parser('export'); "
            "print(sorted(m for m in ('cli.analytics', 'cli.questions', 'igraph', 'cli.kpis') if m in sys.modules))")
    assert _run(code) == "[]"
