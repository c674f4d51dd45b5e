"""The Germany-wide graph: each CLI command as a user runs it, a new process, old code against new.

``python bench/national.py --baseline REV [--gds]`` against the server the environment names
(``INNOGRAPH_HOME``/``INNOGRAPH_NEO4J_PORT`` or ``NEO4J_URI``), already loaded with the
Germany-wide CORDIS H2020 graph (25,000 organisations, 665,000 ties) and the BW demo.
The baseline is the code at git revision ``REV``, unpacked into a temporary folder and run
against the same server in the same run; the figures are wall seconds and peak resident memory
of each process, and ratios new/old. ``--gds`` adds ``analyze --engine gds`` (the server must
have Graph Data Science installed, see docs/performance.md). ``--commands query,candidates,export_graphml``
runs only those (issue 19's candidates and streamed export, ``export_selection`` the universities: ``--cluster``
names the cluster); new-only
commands (options the old code lacks, e.g. ``candidates_exact``) run without an old figure. Every new
figure is also given as a ratio to ``query`` (``RETURN 1``: the process itself) of the same run.

``bench/run.py`` runs the same comparison as its size ``DE`` (:func:`compare`, on its own server,
loaded with ``innograph load demo`` and ``innograph load cordis`` of the table). Prints one JSON object.
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
COMMANDS = {  # in this order: analyze before what reads its stored metrics
    "query": ["query", "RETURN 1"],
    "stats": ["stats"],
    "paths": ["paths", "{source}", "{target}", "--k", "3"],
    "candidates": ["candidates", "--cluster", "{cluster}"],
    "export_selection": ["export", "--kind", "University", "--format", "graphml", "-o", "{out}/universities.graphml"],
    "analyze": ["analyze"],
    "bridges": ["bridges", "--top", "20"],
    "communities": ["communities"],
    "export_graphml": ["export", "--format", "graphml", "-o", "{out}/all.graphml"],
    "export_csv": ["export", "--format", "csv", "-o", "{out}/all.zip"],
    "export_gexf": ["export", "--format", "gexf", "-o", "{out}/all.gexf"],
    "export_json": ["export", "--format", "json", "-o", "{out}/all.json"],
    "export_cypher": ["export", "--format", "cypher", "-o", "{out}/all.cypher"],
}
NEW_ONLY = {
    "candidates_exact": ["candidates", "--cluster", "{cluster}", "--max-partners", "0", "--max-fanout", "0"],
}


_PEAK = "PEAK_RSS_KB"
# the process reports its own high-water mark on exit (VmHWM, as bench/memory.py reads it, inlined since the
# baseline's code runs this too): ru_maxrss keeps the parent's value across fork and exec
_CHILD = (
    "import atexit, sys; "
    "atexit.register(lambda: print('" + _PEAK + "', [l.split()[1] for l in open('/proc/self/status') "
    "if l.startswith('VmHWM:')][0], file=sys.stderr)); "
    "from cli.main import main; sys.argv[0] = 'innograph'; sys.exit(main())"
)


def run_cli(code: Path, args: list[str], env: dict | None = None) -> dict:
    """Seconds and peak RSS (MB) of one ``innograph`` process running from ``code`` (``env``: the
    server to use, else this process's environment)."""
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-c", _CHILD, *args], cwd=code, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    peak = [line.split()[1] for line in result.stderr.splitlines() if line.startswith(_PEAK)]
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(int(peak[-1]) / 1024, 1) if peak else None,
        "ok": result.returncode == 0,
        "stdout": result.stdout,
        "tail": [line for line in (result.stdout + result.stderr).strip().splitlines() if not line.startswith(_PEAK)][-2:],
    }


def unpack(revision: str, folder: Path) -> Path:
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder)
    return folder


def endpoints(env: dict | None = None) -> tuple[str, str]:
    """Two organisations for ``paths``: the one with most ties and the 50th (a hub and an ordinary one)."""
    found = run_cli(ROOT, ["query", "--format", "json", "MATCH (o:Organisation) WITH o, COUNT { (o)-[:COLLABORATES_WITH]-() } "
                           "AS d ORDER BY d DESC, o.id LIMIT 50 RETURN collect(o.id) AS ids"], env)
    ids = json.loads(found["stdout"])["rows"][0][0]
    return ids[0], ids[-1]


def compare(baseline: str, chosen: list[str], *, cluster: str = "Photonics BW", repeat: int = 1,
            env: dict | None = None) -> dict:
    """Each chosen command with the code at ``baseline`` and with this code, against the same server
    (``env``), old first; ratios new/old and new/``query``."""
    figures: dict = {"new": {}, "old": {}}
    source, target = endpoints(env) if "paths" in chosen else ("", "")
    with tempfile.TemporaryDirectory(prefix="innograph-national-") as folder:
        old = unpack(baseline, Path(folder) / "old")
        fill = lambda command: [a.format(cluster=cluster, out=folder, source=source, target=target)  # noqa: E731
                                for a in command]
        best = lambda code, command: min(({k: v for k, v in run_cli(code, fill(command), env).items() if k != "stdout"}  # noqa: E731
                                          for _ in range(repeat)), key=lambda f: f["seconds"])
        for name in chosen:
            if name in COMMANDS:
                figures["old"][name] = best(old, COMMANDS[name])
        for name in chosen:
            figures["new"][name] = best(ROOT, {**COMMANDS, **NEW_ONLY}[name])
    figures["ratio_new_over_old"] = {
        name: {"seconds": _ratio(figures["new"][name]["seconds"], figures["old"][name]["seconds"]),
               "peak": _ratio(figures["new"][name]["peak_mb"], figures["old"][name]["peak_mb"])}
        for name in figures["old"] if name in figures["new"]
    }
    if "query" in figures["new"]:
        base = figures["new"]["query"]
        figures["ratio_new_over_query"] = {
            name: {"seconds": _ratio(f["seconds"], base["seconds"]), "peak": _ratio(f["peak_mb"], base["peak_mb"])}
            for name, f in figures["new"].items() if name != "query"
        }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", required=True, help="git revision of the old code path")
    parser.add_argument("--gds", action="store_true", help="also run analyze --engine gds")
    parser.add_argument("--commands", help="comma-separated subset of " + ", ".join([*COMMANDS, *NEW_ONLY]))
    parser.add_argument("--cluster", default="Photonics BW", help="cluster for candidates (default Photonics BW)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per command; the fastest is kept (warm server)")
    args = parser.parse_args()
    chosen = args.commands.split(",") if args.commands else list(COMMANDS)
    figures = compare(args.baseline, chosen, cluster=args.cluster, repeat=args.repeat)
    if args.gds:
        figures["new"]["analyze_gds"] = run_cli(ROOT, ["analyze", "--engine", "gds"])
        figures["new"]["bridges_after_gds"] = run_cli(ROOT, COMMANDS["bridges"])
    print(json.dumps(figures, indent=2))


def _ratio(new, old):
    return round(new / old, 3) if new and old else None


if __name__ == "__main__":
    main()
