"""Peak memory of reading and loading a workbook with one big CSV, at two sizes.

Two workbooks are written row by row to a temporary folder:

- ``edges``: ``memberships.csv`` of the given size against 20,000 organisations and 500 clusters
  (an edge table that needs no entity resolution; memberships rather than participations because
  ``COLLABORATES_WITH`` is derived from shared projects on the server, quadratic per project);
- ``organisations``: ``organisations.csv`` of the given size (ids, names, kinds, cities, websites,
  aliases), which entity resolution must see whole.

A child process reads the workbook (every record of every table, as a load's first pass does) or,
for ``--load-megabytes``, loads it into a Neo4j of its own, and reports its peak resident memory
(VmHWM, ``bench.memory.peak_rss_kb``); a child that only imports the same modules gives the
baseline. Streaming means the peak above the baseline stays the same whatever the file's size
(ratio of the two peaks near 1); reading a whole file makes it grow with the file.

    .venv/bin/python bench/stream_memory.py --megabytes 50 200 --load-megabytes 10 40
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
KINDS = ("Firm", "University", "ResearchInstitute", "PublicBody", "Intermediary", "Other")
CITIES = ("Stuttgart", "Karlsruhe", "Mannheim", "Freiburg im Breisgau", "Ulm", "Heidelberg", "Tübingen")
ROLES = ("member", "member", "member", "partner", "supporter")
EDGE_ORGANISATIONS, EDGE_CLUSTERS = 20_000, 500

CHILD = """
import json, sys, time
sys.path.insert(0, {repo!r})
from pathlib import Path
from bench.memory import peak_rss_kb
from graph import local
from graph.connection import connect
from graph.schema import ensure_schema
from loaders.workbook import Workbook, load_workbook
from tests.neo4j_server import make_test_server
folder = Path({folder!r})
result = {{}}
if {work!r} == "read":
    started = time.monotonic()
    records = 0
    for record in Workbook(folder).records():
        records += 1
    result.update(records=records, seconds=round(time.monotonic() - started, 1))
elif {work!r} == "load":
    from dataclasses import replace
    settings, server = make_test_server(folder / "neo4j-home")
    server = replace(server, heap="2g", pagecache="512m")
    local.start(settings, server, timeout=300)
    try:
        driver = connect(settings)
        ensure_schema(driver, settings.database)
        started = time.monotonic()
        report = load_workbook(driver, settings.database, folder)
        result.update(seconds=round(time.monotonic() - started, 1),
                      nodes=sum(c + u for c, u in report.nodes.values()),
                      relationships=sum(c + u for c, u in report.relationships.values()))
    finally:
        local.stop(server)
result.update(peak_mib=round(peak_rss_kb() / 1024, 1))
print(json.dumps(result))
"""


def _fill(path: Path, header: str, megabytes: float, line) -> int:
    """Writes ``line(n)`` for n = 0, 1, … until the file holds ``megabytes``; returns the rows."""
    target, written, rows = megabytes * 1024 * 1024, 0, 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(header)
        while written < target:
            text = line(rows)
            handle.write(text)
            written += len(text.encode("utf-8"))
            rows += 1
    return rows


def _organisation(n: int) -> str:
    return (f"o{n},Organisation {n:08d} Beispiel GmbH,{KINDS[n % len(KINDS)]},{CITIES[n % len(CITIES)]},DE,"
            f"https://www.example-{n}.de,Beispiel {n}; BSP {n}\n")


def write_organisations(folder: Path, megabytes: float) -> int:
    return _fill(folder / "organisations.csv", "id,name,kind,city,country,website,aliases\n", megabytes, _organisation)


def write_edges(folder: Path, megabytes: float) -> int:
    """Memberships over a fixed set of organisations and clusters (a pair repeats, with several roles)."""
    with (folder / "organisations.csv").open("w", encoding="utf-8") as handle:
        handle.write("id,name,kind,city,country,website,aliases\n")
        handle.writelines(_organisation(n) for n in range(EDGE_ORGANISATIONS))
    with (folder / "clusters.csv").open("w", encoding="utf-8") as handle:
        handle.write("id,name,city\n")
        handle.writelines(f"c{n},Cluster {n},{CITIES[n % len(CITIES)]}\n" for n in range(EDGE_CLUSTERS))

    def membership(n: int) -> str:
        pair, role = divmod(n, len(ROLES))
        return (f"o{pair % EDGE_ORGANISATIONS},c{pair // EDGE_ORGANISATIONS % EDGE_CLUSTERS},{ROLES[role]},"
                f"{2000 + n % 25}-0{1 + n % 9}-1{n % 10},{2020 + n % 6}\n")

    return _fill(folder / "memberships.csv", "organisation,cluster,role,since,as_of\n", megabytes, membership)


WRITERS = {"edges": (write_edges, "memberships.csv"), "organisations": (write_organisations, "organisations.csv")}


def child(work: str, folder: Path, timeout: float) -> dict:
    code = CHILD.format(repo=str(REPO), folder=str(folder), work=work)
    try:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"failed": f"took longer than {timeout:.0f} s"}
    if result.returncode != 0:
        return {"failed": result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"exit {result.returncode}"}
    return json.loads(result.stdout.strip().splitlines()[-1])


def measure(scenario: str, megabytes: float, work: str, baseline: float, timeout: float) -> dict:
    writer, table = WRITERS[scenario]
    with tempfile.TemporaryDirectory(prefix="innograph-stream-") as tmp:
        folder = Path(tmp)
        rows = writer(folder, megabytes)
        size = (folder / table).stat().st_size / 1024 / 1024
        result = {"table": table, "file_mib": round(size, 1), "rows": rows, **child(work, folder, timeout)}
    if "peak_mib" in result:
        result["above_baseline_mib"] = round(result["peak_mib"] - baseline, 1)
        result["per_file_mib"] = round(result["above_baseline_mib"] / size, 3)
    print(f"{scenario:<14} {work:<5} {json.dumps(result)}", flush=True)
    return result


def growth(results: list[dict]) -> float | None:
    """Peak above baseline of the largest run over that of the smallest."""
    peaks = [r.get("above_baseline_mib") for r in results]
    return round(peaks[-1] / peaks[0], 2) if len(peaks) > 1 and all(peaks) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--megabytes", type=float, nargs="+", default=[50.0, 200.0], help="sizes to read")
    parser.add_argument("--load-megabytes", type=float, nargs="*", default=[], help="sizes to load (slow)")
    parser.add_argument("--scenario", choices=sorted(WRITERS), nargs="+", default=sorted(WRITERS))
    parser.add_argument("--timeout", type=float, default=3600)
    parser.add_argument("--json", type=Path, help="also write the report here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="innograph-stream-") as tmp:
        baseline = child("imports", Path(tmp), 600)["peak_mib"]
    report: dict = {"baseline_peak_mib": baseline}
    for scenario in args.scenario:
        part = report[scenario] = {}
        for work, sizes in (("read", args.megabytes), ("load", args.load_megabytes)):
            if sizes:
                runs = [measure(scenario, size, work, baseline, args.timeout) for size in sorted(sizes)]
                part[work] = runs
                part[f"{work}_peak_ratio"] = growth(runs)
    print(json.dumps(report, indent=1))
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
