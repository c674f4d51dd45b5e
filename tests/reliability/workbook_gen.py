"""A deterministic synthetic workbook (CSV folder) big enough that a load takes seconds, so that a
test can kill the server in the middle of it."""

from __future__ import annotations

import csv
import random
from pathlib import Path

SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "ta", "vo", "zen", "bra", "dor", "fel", "gun", "hel", "jor", "kir", "lum")
FORMS = ("GmbH", "AG", "KG", "SE", "e.V.")
CITIES = ("Stuttgart", "Karlsruhe", "Mannheim", "Freiburg", "Ulm", "Heidelberg", "Tübingen", "Konstanz")


def _name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = "".join(rng.choice(SYLLABLES) for _ in range(4)).capitalize() + " " + rng.choice(FORMS)
        if name not in used:
            used.add(name)
            return name


def write_synthetic_workbook(folder: Path, *, organisations: int = 2500, projects: int = 1200,
                             clusters: int = 20, seed: int = 1) -> Path:
    """organisations.csv, clusters.csv, fields.csv, projects.csv, memberships.csv, participations.csv."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    orgs = [{"id": f"o{i}", "name": _name(rng, used), "kind": rng.choice(["Firm"] * 8 + ["University", "ResearchInstitute"]),
             "city": rng.choice(CITIES), "country": "DE", "fields": f"f{rng.randrange(8)}"} for i in range(organisations)]
    fields = [{"id": f"f{i}", "name": f"Field {chr(65 + i)}", "broader": "" if i < 2 else f"f{i % 2}"} for i in range(8)]
    cluster_rows = [{"id": f"wbcluster{i}", "name": f"Cluster {_name(rng, used)}", "city": rng.choice(CITIES)}
                    for i in range(clusters)]
    project_rows = [{"id": f"wbproject{i}", "acronym": f"P{i}", "start_date": f"{2010 + i % 12}-01-01"}
                    for i in range(projects)]
    memberships = [{"organisation": f"o{i}", "cluster": f"wbcluster{i % clusters}", "since": f"{2012 + i % 10}"}
                   for i in range(0, organisations, 2)]
    participations = []
    for p in range(projects):
        for o in rng.sample(range(organisations), rng.randint(2, 6)):
            participations.append({"organisation": f"o{o}", "project": f"wbproject{p}", "role": "participant"})
    for name, rows in (("organisations", orgs), ("fields", fields), ("clusters", cluster_rows),
                       ("projects", project_rows), ("memberships", memberships),
                       ("participations", participations)):
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder
