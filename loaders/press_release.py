"""The facts of the press release innograph started from: the economics minister met the managers
of the state's top clusters and networks at a "Cluster-Brunch"; TechnologyMountains took part
through its managing director Thomas Wolf; six agenda topics. Written down by hand as records.
"""

from __future__ import annotations

from graph.schema import NodeLabel, OrgKind, RelType

from .names import slug
from .records import Bundle, NodeRecord, OrgRecord, RelRecord

SOURCE_ID = "src:press-cluster-brunch"
MINISTRY = "Ministerium für Wirtschaft, Arbeit und Wohnungsbau Baden-Württemberg"
MINISTER = "person:nicole-hoffmeister-kraut"
MANAGER = "person:thomas-wolf"
EVENT = "event:cluster-brunch"
TOPICS = (("Digitalisierung", "Digitalisation"), ("Internationalisierung", "Internationalisation"),
          ("Gründung/Start-ups", "Start-ups"), ("Bildung/Fachkräfte", "Education and skilled workers"),
          ("Innovation", "Innovation"), ("Crossclustering/Technologietransfer", "Cross-clustering and technology transfer"))


def topic_id(name: str) -> str:
    return "topic:" + slug(name)


def press_release() -> Bundle:
    """Person, Event and Topic nodes and their relationships; the ministry resolves by name."""
    ministry_ref = "press:ministry"
    nodes = [
        NodeRecord(NodeLabel.SOURCE, SOURCE_ID, {
            "name": "Press release of the Baden-Württemberg economics ministry on the Cluster-Brunch",
            "licence": "facts from a public press release (no text copied)", "url": None,
            "retrieved": "2026", "attribution": "Ministerium für Wirtschaft, Arbeit und Wohnungsbau Baden-Württemberg"},
            SOURCE_ID),
        NodeRecord(NodeLabel.PERSON, MINISTER, {"name": "Nicole Hoffmeister-Kraut", "title": "Dr.",
                                                "role": "Ministerin für Wirtschaft, Arbeit und Wohnungsbau"}, SOURCE_ID),
        NodeRecord(NodeLabel.PERSON, MANAGER, {"name": "Thomas Wolf", "role": "Geschäftsführer (managing director)"},
                   SOURCE_ID),
        NodeRecord(NodeLabel.EVENT, EVENT, {
            "name": "Cluster-Brunch", "place": "Baden-Württemberg",
            "description": "the minister met the managers of the state's top clusters and networks"}, SOURCE_ID),
        *(NodeRecord(NodeLabel.TOPIC, topic_id(de), {"name": de, "name_en": en}, SOURCE_ID) for de, en in TOPICS),
    ]
    rels = [
        RelRecord(RelType.LEADS, MINISTER, ministry_ref, {"role": "Ministerin"}, SOURCE_ID),
        RelRecord(RelType.ORGANISED, ministry_ref, EVENT, source=SOURCE_ID),
        RelRecord(RelType.ATTENDED, MINISTER, EVENT, {"role": "host"}, SOURCE_ID),
        RelRecord(RelType.ATTENDED, MANAGER, EVENT, {"role": "for TechnologyMountains"}, SOURCE_ID),
        RelRecord(RelType.MANAGES, MANAGER, "bw_ci_technologymountains", {"role": "managing director"}, SOURCE_ID),
        *(RelRecord(RelType.ADDRESSES, EVENT, topic_id(de), source=SOURCE_ID) for de, _ in TOPICS),
    ]
    org = OrgRecord(ref=ministry_ref, name=MINISTRY, source=SOURCE_ID, kind=OrgKind.MINISTRY, city="Stuttgart",
                    country="DE")
    return Bundle(orgs=[org], nodes=nodes, rels=rels)
