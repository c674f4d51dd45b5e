"""Foreign partners of CORDIS projects as country-level nodes: one ``Country`` node per country and
``(Project)-[:HAS_PARTNERS_IN {participants, coordinators, contribution}]->(Country)``.

Why countries, not organisations: the demo's foreign participants are ~22,000 participations of
several thousand organisations; as Organisation nodes they would double the graph and add ~250,000
co-participation pairs to analytics meant for the BW ecosystem (data/README.md "Size"). The analyst's
questions (how international, which countries, EU / associated / third) need only the country.
Being no Organisation, they stay out of bridges, centrality and communities by construction.

Table ``partners_abroad.csv(.gz)`` (``;``): ``programme, projectID, rcn, country, participants,
coordinators, ecContribution`` — one row per project and country.
"""

from __future__ import annotations

from pathlib import Path

from graph.countries import cordis_code, group_of, name_of
from graph.schema import NodeLabel, RelType

from .cordis import project_id
from .reading import BadValue, parse_number, read_csv
from .records import Bundle, NodeRecord, Rejection, RelRecord


def read_partners_abroad(path: Path, sources: dict[str, str]) -> Bundle:
    """Country nodes and project → country links (provenance: ``sources[programme]``, the CORDIS
    Source node of the programme); a bad row is rejected with file, line and column."""
    bundle = Bundle()
    countries = set()
    for row in read_csv(path):
        code = cordis_code(row.get("country"))
        if len(code) != 2 or not code.isalpha() or code == "DE":
            bundle.rejected.append(Rejection(row.file, row.line, "country",
                                             f"bad country '{row.get('country')}'; expected an ISO-2 code other than DE"))
            continue
        source = sources.get(row.get("programme"))
        if not source or not (row.get("projectID") or row.get("rcn")):
            bundle.rejected.append(Rejection(row.file, row.line, "rcn", "missing project; expected a 'programme' out of "
                                             f"{', '.join(sources)} and 'projectID' or 'rcn'"))
            continue
        try:
            numbers = {column: parse_number(row.get(column)) for column in ("participants", "coordinators",
                                                                             "ecContribution")}
        except BadValue as exc:
            bundle.rejected.append(Rejection(row.file, row.line, "", str(exc)))
            continue
        if code not in countries:
            countries.add(code)
            bundle.nodes.append(NodeRecord(NodeLabel.COUNTRY, "iso:" + code, {
                "code": code, "name": name_of(code), "group": group_of(code)}, source))
        bundle.rels.append(RelRecord(
            RelType.PARTNERS_IN, project_id(row.get("programme"), row.get("projectID"), row.get("rcn")),
            "iso:" + code, {"participants": int(numbers["participants"] or 0),
                                "coordinators": int(numbers["coordinators"] or 0),
                                "contribution": numbers["ecContribution"]},
            source, origin=f"{row.file}:{row.line}"))
    return bundle
