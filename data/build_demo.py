"""Rebuild the bundled demo dataset in ``data/demo/`` from ``../shared/data`` (run from the repo root:
``.venv/bin/python data/build_demo.py [SHARED_DATA]``). The runtime reads only ``data/demo/``.

Selection (see data/README.md for the numbers): every project of the Baden-Württemberg CORDIS
slices (H2020 by address, FP7 by address), keeping only participants that are German
organisations with a name. CORDIS tables are written in the official export format (``;``, CORDIS
field names) so that ``innograph load cordis`` reads them too; ``nutsCode`` is filled from the
sources' NUTS-3 code, else derived (``DE1x`` for a BW city in the district table, ``DE1`` for other
BW places, ``DE`` for the rest of Germany).
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent))

from graph.countries import cordis_code  # noqa: E402
from loaders.names import city_key, district_of  # noqa: E402
from loaders.regions import city_districts  # noqa: E402

ORG_FIELDS = ["projectID", "projectAcronym", "organisationID", "vatNumber", "name", "shortName", "SME",
              "activityType", "street", "postCode", "city", "country", "nutsCode", "geolocation",
              "organizationURL", "contactForm", "contentUpdateDate", "rcn", "order", "role", "ecContribution",
              "netEcContribution", "totalCost", "endOfParticipation", "active"]
PROJECT_FIELDS = ["id", "acronym", "status", "title", "startDate", "endDate", "totalCost", "ecMaxContribution",
                  "legalBasis", "topics", "ecSignatureDate", "frameworkProgramme", "masterCall", "subCall",
                  "fundingScheme", "nature", "objective", "contentUpdateDate", "rcn", "grantDoi",
                  "programmePart", "topicTitle"]  # the last two are not CORDIS export fields: see project_descriptions


def read_gz(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def read_jsonl(path: Path) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_table(path: Path, fields: list[str], rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields, delimiter=";", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(path, "wb", mtime=0) as handle:
        handle.write(buffer.getvalue().encode("utf-8"))


def nuts_for(state: str, city: str, nuts3: str = "") -> str:
    if nuts3:
        return nuts3
    if state == "BW":
        return (district_of(city_key(city), city_districts()) or "nuts:DE1").removeprefix("nuts:")
    return "DE"


UNKNOWN_PART = "unknown (not in the programme-parts table)"  # 12 of the 1,849 projects; said, not guessed


def project_descriptions(folder: Path) -> dict[str, dict]:
    """rcn → what describes an H2020 project besides the participation table: its programme part(s)
    (zambujo/eunets ``programme_parts``; several joined by "; "), and for 2014–2017 projects the acronym and
    topic code (CORDIS projects export 2016) with the topic's title (CORDIS topics reference 2017)."""
    described: dict[str, dict] = {}
    for row in read_gz(folder / "h2020_programme_parts.csv.gz"):
        parts = described.setdefault(row["rcn"], {}).setdefault("parts", [])
        if row["programme_part"] not in parts:
            parts.append(row["programme_part"])
    with gzip.open(folder / "h2020_topics_ref_2017.csv.gz", "rt", encoding="utf-8") as handle:
        titles = {r["topicCode"]: r["title"] for r in csv.DictReader(handle, delimiter=";")}
    with gzip.open(folder / "h2020_projects_2014_2017.tsv.gz", "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            described.setdefault(row["rcn"], {}).update(
                acronym=row["acronym"], topic=row["topics"], topic_title=titles.get(row["topics"], ""))
    return described


def build_h2020(shared: Path, out: Path) -> None:
    folder = shared / "cordis" / "h2020"
    rows = read_gz(folder / "h2020_participations_BWcity.csv.gz")
    sample = {str(p["rcn"]): p for p in read_jsonl(folder / "h2020_sample_project.jsonl.gz")}
    seeds = {r["organisationID"]: r for r in csv.DictReader(open(folder / "h2020_bw_seed_orgs.csv", encoding="utf-8"))}
    kept = [r for r in rows if r["country"] == "DE" and r["org_name"]]
    described = project_descriptions(folder)
    projects, orgs = {}, []
    for r in kept:
        project, about = sample.get(r["rcn"], {}), described.get(r["rcn"], {})
        projects.setdefault(r["rcn"], {
            "id": project.get("id", ""), "acronym": project.get("acronym") or about.get("acronym", ""),
            "title": project.get("title", ""), "topics": project.get("topics") or about.get("topic", ""),
            "topicTitle": about.get("topic_title", ""), "programmePart": "; ".join(about.get("parts", [])) or UNKNOWN_PART,
            "status": project.get("status", ""), "startDate": r["start_date"], "endDate": r["end_date"],
            "totalCost": r["total_cost"], "ecMaxContribution": r["max_contribution"], "frameworkProgramme": "H2020",
            "fundingScheme": project.get("fundingScheme", ""), "rcn": r["rcn"]})
        seed = seeds.get(r["pic"], {})
        orgs.append({
            "projectID": project.get("id", ""), "projectAcronym": project.get("acronym", ""), "organisationID": r["pic"],
            "name": r["org_name"], "shortName": r["org_shortName"], "activityType": r["type"],
            "SME": seed.get("SME", ""), "vatNumber": seed.get("vatNumber", ""), "postCode": seed.get("postCode", ""),
            "city": r["org_city"], "country": r["country"], "geolocation": seed.get("geolocation", ""),
            "organizationURL": seed.get("organizationURL", ""), "nutsCode": nuts_for(r["de_state_derived"], r["org_city"]),
            "rcn": r["rcn"], "role": r["role"], "ecContribution": r["contribution"]})
    write_table(out / "cordis_h2020" / "project.csv.gz", PROJECT_FIELDS, list(projects.values()))
    write_table(out / "cordis_h2020" / "organization.csv.gz", ORG_FIELDS, orgs)
    print(f"H2020: {len(projects)} projects, {len(orgs)} participations, {len({o['organisationID'] for o in orgs})} PICs")


def build_fp7(shared: Path, out: Path) -> None:
    folder = shared / "cordis" / "fp7"
    states = {r["new_org_id"]: r for r in read_gz(folder / "fp7_orgs_DE_with_state.csv.gz")}
    orgs_by_id = {}
    for r in read_gz(folder / "fp7_orgs_BWslice.csv.gz"):
        orgs_by_id.setdefault(r["new_org_id"], r)
    projects, rows, seen = {}, [], set()
    for edge in read_gz(folder / "fp7_edges_BWslice.csv.gz"):
        org = orgs_by_id.get(edge["new_org_id"])
        if not org or org["country"] != "DE" or not org["organisationName"] or (edge["projectRcn"], edge["new_org_id"]) in seen:
            continue
        seen.add((edge["projectRcn"], edge["new_org_id"]))
        projects.setdefault(edge["projectRcn"], {"rcn": edge["projectRcn"], "frameworkProgramme": "FP7"})
        state = states.get(edge["new_org_id"], {}).get("state_derived", "")
        rows.append({
            "organisationID": edge["new_org_id"], "name": org["organisationName"], "shortName": org["organisationShortName"],
            "organizationURL": org["organizationUrl"], "street": org["street"], "city": org["city"], "country": "DE",
            "postCode": org["postCode"] if org["postCode"] not in ("", "0") else "",
            "nutsCode": nuts_for(state, org["city"], org["REGION_Level_NUTS_3"]), "rcn": edge["projectRcn"],
            "role": "participant"})
    write_table(out / "cordis_fp7" / "project.csv.gz", PROJECT_FIELDS, list(projects.values()))
    write_table(out / "cordis_fp7" / "organization.csv.gz", ORG_FIELDS, rows)
    print(f"FP7: {len(projects)} projects, {len(rows)} participations, {len({r['organisationID'] for r in rows})} organisations")


# GeoNames (CC BY 4.0): the Baden-Württemberg rows of the postal-code table, with the Kreis named as
# Germans do (GeoNames writes the Stadtkreis and the Landkreis Karlsruhe both "Karlsruhe") and the
# Regierungsbezirk as its NUTS-2 region id (GeoNames admin_code2 081-084 = DE11-DE14).
STADTKREISE = {"08111", "08121", "08211", "08212", "08221", "08222", "08231", "08311", "08421"}
GEONAMES_FIELDS = ["postal_code", "place_name", "kreis", "kreis_name", "district", "latitude", "longitude", "accuracy"]


def kreis_name(code: str, name: str) -> str:
    base = name.removeprefix("Landkreis ").strip()
    if code in STADTKREISE:
        return f"Stadtkreis {base}"
    return base if base.lower().endswith("kreis") else f"Landkreis {base}"


def build_geonames(shared: Path, out: Path) -> None:
    with open(shared / "geonames" / "DE_postal_codes.tsv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t") if r["admin_code1"] == "BW"]
    kept = [{"postal_code": r["postal_code"], "place_name": r["place_name"], "kreis": r["admin_code3"],
             "kreis_name": kreis_name(r["admin_code3"], r["admin_name3"]) if r["admin_code3"] else "",
             "district": "nuts:DE1" + str(int(r["admin_code2"]) - 80) if r["admin_code2"] else "",
             "latitude": r["latitude"], "longitude": r["longitude"], "accuracy": r["accuracy"]} for r in rows]
    (out / "geonames").mkdir(exist_ok=True)
    with open(out / "geonames" / "bw_postal_codes.tsv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=GEONAMES_FIELDS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(kept)
    print(f"GeoNames: {len(kept)} BW postal-code rows, {len({r['kreis'] for r in kept if r['kreis']})} Kreise")


def main(shared: Path) -> None:
    out = ROOT / "demo"
    for name in ("cluster_actors", "memberships", "relations", "technology_fields_cluster_atlas", "landscape_counts"):
        shutil.copy(shared / "clusters_bw" / f"{name}.csv", out / "clusters_bw" / f"{name}.csv")
    (out / "ror").mkdir(exist_ok=True)
    shutil.copy(shared / "ror" / "ror_BW_flat.csv", out / "ror" / "ror_BW_flat.csv")
    build_h2020(shared, out)
    build_fp7(shared, out)
    build_geonames(shared, out)
    build_partners_abroad(shared, out)


PARTNER_FIELDS = ["programme", "projectID", "rcn", "country", "participants", "coordinators", "ecContribution"]


def build_partners_abroad(shared: Path, out: Path) -> None:
    """The participants outside Germany of the demo's projects, one row per project and country
    (issue 16: country-level partner nodes, not organisations; data/README.md says why)."""
    rows: dict[tuple, dict] = {}
    h2020 = shared / "cordis" / "h2020"
    sample = {str(p["rcn"]): p.get("id", "") for p in read_jsonl(h2020 / "h2020_sample_project.jsonl.gz")}
    participations = read_gz(h2020 / "h2020_participations_BWcity.csv.gz")
    german = {r["rcn"] for r in participations if r["country"] == "DE" and r["org_name"]}
    for r in participations:
        if r["rcn"] in german and r["country"] not in ("", "DE"):
            _count_partner(rows, "H2020", sample.get(r["rcn"], ""), r["rcn"], r["country"], r["role"] == "coordinator",
                           r["contribution"])
    fp7 = shared / "cordis" / "fp7"
    orgs = {r["new_org_id"]: r for r in read_gz(fp7 / "fp7_orgs_BWslice.csv.gz")}
    edges = {(e["projectRcn"], e["new_org_id"]) for e in read_gz(fp7 / "fp7_edges_BWslice.csv.gz")}
    german = {rcn for rcn, org in edges if org in orgs and orgs[org]["country"] == "DE" and orgs[org]["organisationName"]}
    for rcn, org in sorted(edges):
        country = orgs.get(org, {}).get("country", "")
        if rcn in german and country not in ("", "DE"):
            _count_partner(rows, "FP7", "", rcn, country, False, "")
    write_table(out / "partners_abroad.csv.gz", PARTNER_FIELDS, sorted(rows.values(), key=lambda r: (
        r["programme"], int(r["rcn"]), r["country"])))
    print(f"partners abroad: {sum(r['participants'] for r in rows.values())} participations, "
          f"{len({r['country'] for r in rows.values()})} countries")


def _count_partner(rows: dict, programme: str, project: str, rcn: str, country: str, coordinator: bool,
                   contribution: str) -> None:
    country = cordis_code(country)  # the slices mix GR/EL and GB/UK
    row = rows.setdefault((programme, rcn, country), {
        "programme": programme, "projectID": project, "rcn": rcn, "country": country, "participants": 0,
        "coordinators": 0, "ecContribution": ""})
    row["participants"] += 1
    row["coordinators"] += int(coordinator)
    if contribution:
        row["ecContribution"] = round(float(row["ecContribution"] or 0) + float(contribution), 2)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent.parent / "shared" / "data")
