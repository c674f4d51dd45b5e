"""The ``innograph`` process starts without the driver's dataframe imports (issue 19: every command is
counted against ``innograph query "RETURN 1"``), and pandas stays usable after."""

import subprocess
import sys
from pathlib import Path

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
