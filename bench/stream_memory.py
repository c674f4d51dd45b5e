"""Peak memory of reading (and optionally loading) a workbook with one 200 MB CSV.

The CSV is ``organisations.csv`` written row by row (ids, names, kinds, cities, websites, aliases)
to a temporary folder. A child process reads it with ``loaders.workbook.read_workbook`` — with
``--load`` it also loads it into a Neo4j of its own — and reports its peak resident memory
(``ru_maxrss``); a second child that only imports the same modules gives the baseline. Streaming
means the peak above the baseline stays a small, fixed amount whatever the file's size; reading
the whole file at once makes it grow with the file (several times its size for Python objects).

    .venv/bin/python bench/stream_memory.py --megabytes 200
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KINDS = ("Firm", "University", "ResearchInstitute", "PublicBody", "Intermediary", "Other")
CITIES = ("Stuttgart", "Karlsruhe", "Mannheim", "Freiburg im Breisgau", "Ulm", "Heidelberg", "Tübingen")

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {repo!r})
from pathlib import Path
from loaders.workbook import read_workbook
started = time.monotonic()
result = {{}}
if {work!r} == "read":
    bundle = read_workbook(Path({folder!r}))
    result.update(organisations=len(bundle.orgs), rejected=len(bundle.rejected))
elif {work!r} == "load":
    from dataclasses import replace
    from graph import local
    from graph.connection import connect
    from graph.schema import ensure_schema
    from loaders.workbook import load_workbook
    from tests.neo4j_server import make_test_server
    settings, server = make_test_server(Path({folder!r}) / "neo4j-home")
    server = replace(server, heap="2g", pagecache="512m")
    local.start(settings, server, timeout=300)
    try:
        driver = connect(settings)
        ensure_schema(driver, settings.database)
        report = load_workbook(driver, settings.database, Path({folder!r}))
        result.update(organisations=sum(c + u for c, u in report.nodes.values()))
    finally:
        local.stop(server)
result.update(seconds=round(time.monotonic() - started, 1),
              peak_mib=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1))
print(json.dumps(result))
"""


def write_csv(path: Path, megabytes: float) -> int:
    target = megabytes * 1024 * 1024
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("id,name,kind,city,country,website,aliases\n")
        written = 0
        while written < target:
            line = (f"o{rows},Organisation {rows:08d} Beispiel GmbH,{KINDS[rows % len(KINDS)]},"
                    f"{CITIES[rows % len(CITIES)]},DE,https://www.example-{rows}.de,Beispiel {rows}; BSP {rows}\n")
            handle.write(line)
            written += len(line.encode("utf-8"))
            rows += 1
    return rows


def child(work: str, folder: Path, timeout: float) -> dict:
    code = CHILD.format(repo=str(REPO), folder=str(folder), work=work)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        return {"failed": result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"exit {result.returncode}"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, default=200.0)
    parser.add_argument("--load", action="store_true", help="also load it into an own Neo4j (slow)")
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="innograph-stream-") as tmp:
        folder = Path(tmp)
        started = time.monotonic()
        rows = write_csv(folder / "organisations.csv", args.megabytes)
        size_mib = (folder / "organisations.csv").stat().st_size / 1024 / 1024
        print(f"wrote {size_mib:.0f} MiB, {rows:,} rows in {time.monotonic() - started:.0f} s", flush=True)
        baseline = child("imports", folder, 600)
        read = child("read", folder, 3600)
        report = {"file_mib": round(size_mib, 1), "rows": rows, "baseline_peak_mib": baseline.get("peak_mib"),
                  "read": read}
        if "peak_mib" in read and baseline.get("peak_mib"):
            report["read_above_baseline_mib"] = round(read["peak_mib"] - baseline["peak_mib"], 1)
            report["read_peak_per_file_mib"] = round(report["read_above_baseline_mib"] / size_mib, 2)
        if args.load:
            report["load"] = child("load", folder, 7200)
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
