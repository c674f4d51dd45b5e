"""A first load of an empty database with Neo4j's offline importer, against the batched writer.

``python bench/load_bulk.py [--size L]``: the same generated rows (bench/generator.py) written once through
:mod:`graph.writer` into one fresh server, and once as CSV files imported by ``neo4j-admin database import
full`` (the import tool is on the local server's classpath: local-neo4j/target/lib) into another, whose
schema (constraints, range and full-text indexes, graph/schema.py) is then created on the started server and
waited for until every index is online. Prints one JSON object; nothing here asserts a timing.

The importer writes store files directly, so it serves only a first load into an empty, stopped database:
the route to issue 19's 50,000 organisations/s on a few cores (docs/performance.md). The rows carry what the
generator gives them; the writer's derived ``aliases_text`` is not computed on this path.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.generator import generate  # noqa: E402
from bench.load import load_rows  # noqa: E402
from bench.server import _free_port, bench_server  # noqa: E402
from graph import local  # noqa: E402
from graph.connection import connect  # noqa: E402
from graph.schema import KEY, OrgKind, ensure_schema  # noqa: E402
from graph.settings import Settings  # noqa: E402

ARRAY = "|"  # ids contain ':' and ';' never appears in the generated lists; the importer's array delimiter
_TYPES = ((bool, "boolean"), (int, "long"), (float, "double"), (list, "string[]"), (str, "string"))


def column_types(rows: list[dict], skip: tuple[str, ...]) -> dict[str, str]:
    """Each property's importer type, from its first value that is not ``None``.

    >>> column_types([{"id": "a", "n": None, "ok": True}, {"n": 2, "tags": ["x"]}], skip=("id",))
    {'n': 'long', 'ok': 'boolean', 'tags': 'string[]'}
    """
    found: dict[str, str] = {}
    for row in rows:
        for name, value in row.items():
            if name in skip or name in found or value is None:
                continue
            found[name] = next(kind for python, kind in _TYPES if isinstance(value, python))
    return dict(sorted(found.items()))


def write_csv(path: Path, header: list[str], names: list[str], rows, ends: tuple[str, ...] = ()) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(header)
        for row in rows:
            out.writerow([*(row[end] for end in ends), *(_cell(row.get(name)) for name in names)])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ARRAY.join(str(v) for v in value)
    return str(value)


def import_arguments(eco, folder: Path) -> list[str]:
    """Write one CSV per label and relationship type; the importer's ``--nodes`` / ``--relationships``."""
    arguments = []
    for label, rows in eco.nodes.items():
        types = column_types(rows, skip=(KEY,))
        path = folder / f"nodes-{label}.csv"
        header = [f"{KEY}:ID", *(f"{name}:{kind}" for name, kind in types.items()), ":LABEL"]
        labelled = ({**row, ":LABEL": ARRAY.join([label, *_kind_labels(label, row)])} for row in rows)
        write_csv(path, header, [*types, ":LABEL"], labelled, ends=(KEY,))
        arguments.append(f"--nodes={path}")
    for rel_type, rows in eco.relationships.items():
        types = column_types(rows, skip=("start", "end"))
        path = folder / f"relationships-{rel_type}.csv"
        write_csv(path, [":START_ID", ":END_ID", *(f"{name}:{kind}" for name, kind in types.items())],
                  list(types), rows, ends=("start", "end"))
        arguments.append(f"--relationships={rel_type}={path}")
    return arguments


def _kind_labels(label: str, row: dict) -> tuple[str, ...]:
    return OrgKind(row["kind"]).labels if label == "Organisation" and row.get("kind") else ()


def bulk_import(eco, *, heap: str, pagecache: str) -> dict:
    """Seconds for the CSV files, the import, and the schema on the started server; then the counts."""
    target = local.build_launcher()
    with tempfile.TemporaryDirectory(prefix="innograph-bulk-") as home_text:
        home = Path(home_text)
        server = local.LocalServer(home=home, bolt_port=_free_port(), http_port=0, heap=heap, pagecache=pagecache)
        conf = server.neo4j_home / "conf"
        conf.mkdir(parents=True)
        (conf / "neo4j.conf").write_text(f"server.directories.data={server.data_dir}\n"
                                         f"server.directories.logs={server.neo4j_home / 'logs'}\n", encoding="utf-8")
        folder = home / "csv"
        folder.mkdir()
        started = time.perf_counter()
        arguments = import_arguments(eco, folder)
        csv_seconds = time.perf_counter() - started
        started = time.perf_counter()
        done = subprocess.run(
            ["java", f"-Xmx{heap}", "-cp", f"{target / 'local-neo4j-1.0.0.jar'}:{target / 'lib'}/*", "org.neo4j.cli.AdminTool",
             "database", "import", "full", "neo4j", f"--array-delimiter={ARRAY}", "--overwrite-destination",
             f"--report-file={home / 'import.report'}", *arguments],  # not into the working directory
            env={"PATH": "/usr/bin:/bin", "NEO4J_HOME": str(server.neo4j_home), "NEO4J_CONF": str(conf)},
            capture_output=True, text=True)
        import_seconds = time.perf_counter() - started
        if done.returncode != 0:
            raise RuntimeError("neo4j-admin database import failed: " + (done.stdout + done.stderr)[-2000:])
        settings = Settings(uri=f"bolt://127.0.0.1:{server.bolt_port}", user="neo4j", password=secrets.token_urlsafe(18),
                            database="neo4j", home=home, bolt_port=server.bolt_port, external=False, timeout=120.0)
        local.start(settings, server, timeout=300)
        driver = connect(settings)
        try:
            started = time.perf_counter()
            ensure_schema(driver, settings.database)
            driver.execute_query("CALL db.awaitIndexes(1800)", database_=settings.database)
            schema_seconds = time.perf_counter() - started
            records, _, _ = driver.execute_query(
                "CALL () { MATCH (o:Organisation) RETURN count(o) AS organisations } "
                "CALL () { MATCH (n) RETURN count(n) AS nodes } CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } "
                "RETURN organisations, nodes, relationships", database_=settings.database)
            counts = dict(records[0].items())
        finally:
            driver.close()
            local.stop(server)
    return {"csv_seconds": csv_seconds, "import_seconds": import_seconds, "schema_seconds": schema_seconds,
            "node_stage_seconds": stage_seconds(done.stdout, "Node import"), **counts}


def stage_seconds(output: str, stage: str) -> float:
    """A stage's time as the importer prints it.

    >>> stage_seconds("Node import COMPLETED in 1m 2s 50ms", "Node import")
    62.05
    """
    found = re.search(re.escape(stage) + r" COMPLETED in ([^\n]+)", output)
    if not found:
        raise RuntimeError(f"the importer printed no '{stage} COMPLETED' line")
    units = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    return round(sum(float(n) * units[u] for n, u in re.findall(r"(\d+)(ms|h|m|s)\b", found.group(1))), 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="L", help="a size of bench/generator.py (default L)")
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--pagecache", default="1g")
    args = parser.parse_args(argv)
    eco = generate(args.size)
    organisations = len(eco.nodes["Organisation"])
    bulk = bulk_import(eco, heap=args.heap, pagecache=args.pagecache)
    with bench_server(heap=args.heap, pagecache=args.pagecache) as (settings, driver):
        times = load_rows(driver, settings.database, eco.nodes, eco.relationships)
    whole = bulk["import_seconds"] + bulk["schema_seconds"]
    result = {
        "size": args.size,
        "organisations": organisations,
        "writer": {"seconds": times.total_seconds, "org_nodes_per_s": times.node_rate("Organisation"),
                   "nodes": times.nodes, "relationships": times.relationships},
        "bulk": {**bulk, "seconds": whole, "seconds_with_csv": whole + bulk["csv_seconds"],
                 "org_nodes_per_s": organisations / (bulk["node_stage_seconds"] * organisations / bulk["nodes"]
                                                     + bulk["schema_seconds"])},
        "note": "writer: graph.writer into a fresh server with the schema in place; org_nodes_per_s of its Organisation "
                "step. bulk: neo4j-admin database import full into an empty store, then the schema built on the "
                "started server until every index is online; org_nodes_per_s = organisations over their share of the "
                "importer's node stage plus the whole schema build (every index, all labels)",
    }
    result["ratio_bulk_over_writer"] = {
        "org_nodes_per_s": result["bulk"]["org_nodes_per_s"] / result["writer"]["org_nodes_per_s"],
        "whole_graph_speed": times.total_seconds / whole,
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
