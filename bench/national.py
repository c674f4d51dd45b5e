"""The Germany-wide graph: each CLI command as a user runs it, a new process, old code against new.

``python bench/national.py --baseline REV [--gds]`` against the server the environment names
(``INNOGRAPH_HOME``/``INNOGRAPH_NEO4J_PORT`` or ``NEO4J_URI``), already loaded with the
Germany-wide CORDIS H2020 graph (25,000 organisations, 665,000 ties; the bench's own loader).
The baseline is the code at git revision ``REV``, unpacked into a temporary folder and run
against the same server in the same run; the figures are wall seconds and peak resident memory
of each process, and ratios new/old. ``--gds`` adds ``analyze --engine gds`` (the server must
have Graph Data Science installed, see docs/performance.md).

Not a size of ``bench/run.py``: the old ``analyze`` alone needs 3-5 minutes and 5 GB here, and
``bench/run.py`` starts its own server and generates its graphs, while this graph is built once
from the shared table. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMANDS = {
    "query": ["query", "RETURN 1"],
    "analyze": ["analyze"],
    "bridges": ["bridges", "--top", "20"],
    "communities": ["communities"],
}


_PEAK = "PEAK_RSS_KB"
# the process reports its own peak on exit (children's ru_maxrss would be the largest so far)
_CHILD = (
    "import atexit, resource, sys; "
    "atexit.register(lambda: print('" + _PEAK + "', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)); "
    "from cli.main import main; sys.argv[0] = 'innograph'; sys.exit(main())"
)


def run_cli(code: Path, args: list[str]) -> dict:
    """Seconds and peak RSS (MB) of one ``innograph`` process running from ``code``."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _CHILD, *args], cwd=code, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    peak = [line.split()[1] for line in result.stderr.splitlines() if line.startswith(_PEAK)]
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(int(peak[-1]) / 1024, 1) if peak else None,
        "ok": result.returncode == 0,
        "tail": [line for line in (result.stdout + result.stderr).strip().splitlines() if not line.startswith(_PEAK)][-2:],
    }


def unpack(revision: str, folder: Path) -> Path:
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="git revision of the old code path")
    parser.add_argument("--gds", action="store_true", help="also run analyze --engine gds")
    args = parser.parse_args()
    figures: dict = {"new": {}, "old": {}}
    with tempfile.TemporaryDirectory(prefix="innograph-national-") as folder:
        old = unpack(args.baseline, Path(folder))
        for name, command in COMMANDS.items():
            figures["old"][name] = run_cli(old, command)
        for name, command in COMMANDS.items():
            figures["new"][name] = run_cli(ROOT, command)
    if args.gds:
        figures["new"]["analyze_gds"] = run_cli(ROOT, ["analyze", "--engine", "gds"])
        figures["new"]["bridges_after_gds"] = run_cli(ROOT, COMMANDS["bridges"])
    figures["ratio_new_over_old"] = {
        name: round(figures["new"][name]["seconds"] / figures["old"][name]["seconds"], 3)
        for name in COMMANDS if figures["old"][name]["seconds"]
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
