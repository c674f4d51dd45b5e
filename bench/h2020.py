"""The real-world load case: H2020 participations of projects with German partners (CORDIS).

Rows become the writer's rows the way a CORDIS loader would shape them: organisations keyed by
PIC with a kind from the activity type, projects keyed by RCN, participations, and collaboration
ties between every two partners of a project. Read from ``../shared`` by the benchmark only.
"""

from __future__ import annotations

import csv
import gzip
import itertools
from pathlib import Path

PARTICIPATIONS = Path(__file__).resolve().parents[2] / "shared/data/cordis/h2020/h2020_participations_DE.csv.gz"
SOURCE = "src:cordis-h2020"
KIND_BY_TYPE = {"PRC": "Firm", "HES": "University", "REC": "ResearchInstitute", "PUB": "PublicBody", "OTH": "Other"}


def available() -> bool:
    return PARTICIPATIONS.exists()


def write_slice(path: Path, max_projects: int) -> Path:
    """The table's rows of its first ``max_projects`` projects (as :func:`h2020_rows` takes them), gzipped
    at ``path``: a smaller Germany-wide graph for quick runs, in the file format users load."""
    with gzip.open(PARTICIPATIONS, "rt", encoding="utf-8", newline="") as source, \
            gzip.open(path, "wt", encoding="utf-8", newline="") as target:
        reader = csv.DictReader(source)
        writer = csv.DictWriter(target, fieldnames=reader.fieldnames)
        writer.writeheader()
        projects: set[str] = set()
        for row in reader:
            if row["rcn"] not in projects and len(projects) >= max_projects:
                continue
            projects.add(row["rcn"])
            writer.writerow(row)
    return path


def h2020_rows(*, max_projects: int | None = None) -> tuple[dict[str, list[dict]], dict[str, list[dict]], int]:
    """(nodes by label, relationships by type, source rows read) for the first ``max_projects`` projects."""
    with gzip.open(PARTICIPATIONS, "rt", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    projects: dict[str, dict] = {}
    orgs: dict[str, dict] = {}
    participations: list[dict] = []
    members: dict[str, set[str]] = {}
    used = 0
    for row in rows:
        project_id = "cordis:H2020:" + row["rcn"]
        if project_id not in projects:
            if max_projects is not None and len(projects) >= max_projects:
                continue
            projects[project_id] = {
                "id": project_id, "programme": "H2020", "start_date": row["start_date"] or None,
                "end_date": row["end_date"] or None, "start_year": _year(row["start_year"]),
                "ec_contribution": _number(row["max_contribution"]), "sources": [SOURCE],
            }
        used += 1
        org_id = "pic:" + row["pic"]
        orgs.setdefault(org_id, {"id": org_id, "pic": row["pic"], "kind": KIND_BY_TYPE.get(row["type"], "Other"),
                                 "country": row["country"] or None, "sources": [SOURCE]})
        participations.append({"start": org_id, "end": project_id, "role": row["role"],
                               "contribution": _number(row["contribution"]), "sources": [SOURCE]})
        members.setdefault(project_id, set()).add(org_id)
    ties: dict[tuple[str, str], list[str]] = {}
    for project_id, partners in members.items():
        for pair in itertools.combinations(sorted(partners), 2):
            ties.setdefault(pair, []).append(project_id)
    tie_rows = [
        {"start": a, "end": b, "weight": len(on), "projects": on[:20], "sources": [SOURCE]}
        for (a, b), on in ties.items()
    ]
    nodes = {"Organisation": list(orgs.values()), "Project": list(projects.values())}
    rels = {"PARTICIPATES_IN": participations, "COLLABORATES_WITH": tie_rows}
    return nodes, rels, used


def _year(text: str) -> int | None:
    return int(float(text)) if text else None


def _number(text: str) -> float | None:
    return float(text) if text else None
