"""The hand-collected Baden-Württemberg cluster facts (``clusters_bw/``): actors, memberships,
relations, atlas technology fields, and innograph's mapping of clusters to atlas fields.

Actors with the prefixes ``bw_ci_``, ``bw_net_``, ``bw_dh_`` and ``bw_zukunftscluster_`` are
cluster initiatives; the others (state agencies, the cluster agency, its operators, the ministry
under both its names) are organisations. Where a membership or ``CARRIED_BY`` names a cluster
itself (``TechnologyMountains e.V.`` as a member of Digital Mountains), the organisation that
carries the cluster gets its own node, linked by ``CARRIED_BY``.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from urllib.parse import urlparse

from graph.schema import NodeLabel, OrgKind, RelType

from .names import clean, infer_kind, name_key, slug, split_parentheses
from .reading import BadValue, RawRow, parse_date, read_csv
from .records import Bundle, NodeRecord, OrgRecord, Rejection, RelRecord
from .places import place
from .regions import STATE, region_for

SOURCE_ID = "src:clusters-bw"
CLUSTER_PREFIXES = ("bw_ci_", "bw_net_", "bw_dh_", "bw_zukunftscluster_")
ORG_KINDS = {"bw_agency_": OrgKind.INTERMEDIARY, "bw_intermediary_": OrgKind.INTERMEDIARY,
             "org_bwi": OrgKind.INTERMEDIARY, "org_": OrgKind.FIRM, "pub_": OrgKind.MINISTRY}
EXCELLENCE_LABEL = "Cluster-Exzellenz Baden-Württemberg"
MINISTRY_REF = "clusters:pub_wm_bw"
_STATED = re.compile(r"\((?:stated(?: also)?|earlier):?\s*([^()]*(?:\([^()]*\)[^()]*)*)\)")
_NOT_A_NAME = re.compile(r"\([^()]*(?:unnamed|not named|not further)[^()]*\)")
_PIC = re.compile(r"^(.*?)\s*\(CORDIS PIC (\d{9})\)$")
_MONTHS = {m: i for i, m in enumerate(("january february march april may june july august september october "
                                       "november december").split(), start=1)}
_AWARD_DATE = re.compile(r"awarded (\d{1,2}) ([A-Za-z]+) (\d{4})")


def read_clusters_bw(folder: Path) -> Bundle:
    """Records from the four files of ``folder`` plus ``cluster_fields.csv`` when present."""
    bundle = Bundle(nodes=[dataset_source()])
    actors = {row.get("actor_id"): row for row in read_csv(folder / "cluster_actors.csv")}
    clusters = {a: row for a, row in actors.items() if a.startswith(CLUSTER_PREFIXES)}
    carriers = _Carriers(clusters, bundle)
    for actor_id, row in actors.items():
        if actor_id in clusters:
            _add_cluster(bundle, row)
        else:
            _add_actor_org(bundle, actor_id, row)
    _add_fields(bundle, folder / "technology_fields_cluster_atlas.csv")
    if (folder / "cluster_fields.csv").exists():
        _add_cluster_fields(bundle, folder / "cluster_fields.csv", actors)
    for row in read_csv(folder / "memberships.csv"):
        _add_membership(bundle, row, clusters, carriers)
    for row in read_csv(folder / "relations.csv"):
        _add_relation(bundle, row, actors, clusters, carriers)
    return bundle


def dataset_source() -> NodeRecord:
    return NodeRecord(NodeLabel.SOURCE, SOURCE_ID, {
        "name": "Baden-Württemberg clusters, state agencies and technology fields (hand-collected facts)",
        "licence": "facts from public web pages, each row citing its page; no text copied",
        "url": "https://www.clusterplattform.de/CLUSTER/Redaktion/DE/Standardartikel/Cluster_Laender/baden-wuerttemberg_lang.html",
        "retrieved": "2026", "attribution": "innograph, from clusterplattform.de, clusterportal-bw.de, "
        "wm.baden-wuerttemberg.de and the pages cited per row",
    }, SOURCE_ID)


def page_sources(urls: str) -> tuple[list[str], list[NodeRecord]]:
    """A Source node per cited web page (``src:web:<host>-<hash>``) and their ids."""
    ids, nodes = [], []
    for url in (u.strip() for u in urls.split("|")):
        if not url:
            continue
        host = urlparse(url).netloc.removeprefix("www.")
        source_id = f"src:web:{slug(host)}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"
        ids.append(source_id)
        nodes.append(NodeRecord(NodeLabel.SOURCE, source_id, {
            "name": f"{host} (web page)", "url": url, "licence": "cited as the source of a fact",
            "retrieved": "2026 (stored copy)", "attribution": host}, source_id))
    return ids, nodes


def membership_role(stated: str) -> tuple[RelType, str]:
    """``MEMBER_OF`` only when the source calls the organisation a member; else ``PARTNER_OF`` and a role.

    >>> membership_role("founding member (Gründungsmitglied); member (Mitglied)")
    (<RelType.MEMBER_OF: 'MEMBER_OF'>, 'member')
    >>> membership_role("supporter (unterstützt die Plattform); not called a member")
    (<RelType.PARTNER_OF: 'PARTNER_OF'>, 'supporter')
    """
    text = stated.casefold()
    first = text.split(";")[0].split(",")[0]
    if "not called" not in text and "not stated" not in text and ("member" in first or "mitglied" in first):
        return RelType.MEMBER_OF, "member"
    for role, words in (("founder", ("founder", "founding", "gegründet", "pillars")),
                        ("shareholder", ("shareholder", "träger", "gesellschafter")),
                        ("initiator", ("initiator",)), ("supporter", ("supporter", "unterstützt", "sponsor")),
                        ("contributor", ("contribut", "expertise"))):
        if any(word in first for word in words):
            return RelType.PARTNER_OF, role
    return RelType.PARTNER_OF, "partner"


def split_member_name(text: str) -> tuple[str, tuple[str, ...]]:
    """``"Robert Bosch GmbH (stated: Bosch / Robert Bosch)"`` → the name and its stated spellings."""
    stated = [part.strip() for m in _STATED.findall(text) for part in re.split(r" / |; ", m) if part.strip()]
    name = clean(_NOT_A_NAME.sub(" ", _STATED.sub(" ", text)))
    names = [n.strip() for n in name.split(" / ")]
    return names[0], tuple(a for a in dict.fromkeys([*names[1:], *stated]) if a != names[0])


class _Carriers:
    """Organisations that carry a cluster, created only when a membership or relation names one."""

    def __init__(self, clusters: dict[str, RawRow], bundle: Bundle) -> None:
        self.by_key = {name_key(split_parentheses(row.get("name"))[0]): a for a, row in clusters.items()}
        self.clusters = clusters
        self.bundle = bundle
        self.made: set[str] = set()

    def ref_for_name(self, name: str) -> str | None:
        actor_id = self.by_key.get(name_key(name))
        return self.ref(actor_id, name) if actor_id else None

    def ref(self, actor_id: str, stated_name: str | None = None) -> str:
        ref = "carrier:" + actor_id
        if actor_id not in self.made:
            self.made.add(actor_id)
            row = self.clusters[actor_id]
            name, inner = split_parentheses(stated_name or row.get("name"))
            self.bundle.orgs.append(OrgRecord(ref=ref, name=name, source=SOURCE_ID, origin=f"{row.file}:{row.line}",
                                              kind=OrgKind.INTERMEDIARY, aliases=inner,
                                              region=_cluster_region(row.get("location_as_stated"))))
            self.bundle.rels.append(RelRecord(RelType.CARRIED_BY, actor_id, ref, source=SOURCE_ID,
                                              origin=f"{row.file}:{row.line}"))
        return ref


def _add_cluster(bundle: Bundle, row: RawRow) -> None:
    actor_id = row.get("actor_id")
    sources, pages = page_sources(row.get("source_url"))
    bundle.nodes += pages
    props = {"name": clean(row.get("name")), "actor_type": row.get("actor_type"),
             "label": row.get("label_or_status") or None, "field_as_stated": row.get("field_as_stated") or None,
             "location_as_stated": row.get("location_as_stated") or None, "source_says": row.get("source_says") or None,
             "source_urls": sources, "region": _cluster_region(row.get("location_as_stated"))}
    bundle.nodes.append(NodeRecord(NodeLabel.CLUSTER, actor_id, props, SOURCE_ID))
    bundle.rels.append(RelRecord(RelType.CLUSTER_LOCATED_IN, actor_id, props["region"], source=SOURCE_ID))
    label = row.get("label_or_status")
    if "Cluster-Exzellenz" in label:
        award = _AWARD_DATE.search(label)
        date = (f"{award.group(3)}-{_MONTHS[award.group(2).casefold()]:02d}-{int(award.group(1)):02d}"
                if award and award.group(2).casefold() in _MONTHS else None)
        bundle.rels.append(RelRecord(RelType.AWARDED_LABEL, MINISTRY_REF, actor_id,
                                     {"label": EXCELLENCE_LABEL, "label_as_stated": label, "date": date},
                                     SOURCE_ID, date, f"{row.file}:{row.line}"))


def _cluster_region(location: str) -> str:
    """The first place of a location text that the city table knows, else Baden-Württemberg."""
    for place in re.split(r"[,;()]| and ", location or ""):
        region = region_for(place.strip(), "DE")
        if region and region.startswith("nuts:"):
            return region
    return STATE


def _add_actor_org(bundle: Bundle, actor_id: str, row: RawRow) -> None:
    kind = next(k for prefix, k in ORG_KINDS.items() if actor_id.startswith(prefix))
    city = row.get("location_as_stated") or None
    sources, pages = page_sources(row.get("source_url"))
    bundle.nodes += pages
    name, inner = split_parentheses(row.get("name"))
    bundle.orgs.append(place(OrgRecord(ref="clusters:" + actor_id, name=name, source=SOURCE_ID, kind=kind, city=city,
                                       country="DE", region=region_for(city, "DE") if city else STATE, aliases=inner,
                                       origin=f"{row.file}:{row.line}")))


def _add_fields(bundle: Bundle, path: Path) -> None:
    for row in read_csv(path):
        name_en, name_de = clean(row.get("field_en")), clean(row.get("field_de"))
        scheme = "BW cluster atlas 2016" if not name_de else "BW cluster atlas (earlier edition)"
        bundle.nodes.append(NodeRecord(NodeLabel.FIELD, field_id(name_en), {
            "name": name_en, "name_en": name_en, "name_de": name_de or None, "scheme": scheme}, SOURCE_ID))


def field_id(name: str) -> str:
    return "field:" + slug(name)


def _add_cluster_fields(bundle: Bundle, path: Path, actors: dict[str, RawRow]) -> None:
    for row in read_csv(path):
        actor_id, field = row.get("actor_id"), field_id(row.get("field_en"))
        props = {"basis": row.get("basis") or None}
        if actor_id.startswith(CLUSTER_PREFIXES):
            bundle.rels.append(RelRecord(RelType.FOCUSES_ON, actor_id, field, props, SOURCE_ID))
        elif actor_id in actors:
            bundle.rels.append(RelRecord(RelType.WORKS_ON, "clusters:" + actor_id, field, props, SOURCE_ID))


def _add_membership(bundle: Bundle, row: RawRow, clusters: dict[str, RawRow], carriers: _Carriers) -> None:
    cluster = row.get("cluster_actor_id")
    if cluster not in clusters:
        bundle.rejected.append(Rejection(row.file, row.line, "cluster_actor_id",
                                         f"unknown cluster '{cluster}'; expected an actor_id of cluster_actors.csv"))
        return
    try:
        as_of = parse_date(row.get("as_of"))
    except BadValue as exc:
        bundle.rejected.append(Rejection(row.file, row.line, "as_of", str(exc)))
        return
    name, stated = split_member_name(row.get("member_name"))
    rel_type, role = membership_role(row.get("member_type_as_stated"))
    ref = f"member:{row.line}"
    city = row.get("member_city") or None
    sources, pages = page_sources(row.get("source_url"))
    bundle.nodes += pages
    bundle.orgs.append(place(OrgRecord(ref=ref, name=name, source=SOURCE_ID, origin=f"{row.file}:{row.line}",
                                       kind=infer_kind(name), kind_inferred=True, city=city,
                                       region=region_for(city, None) if city else None, aliases=stated, as_of=as_of)))
    carrier = carriers.ref_for_name(name)
    props = {"role_as_stated": row.get("member_type_as_stated"), "source_urls": sources}
    if rel_type is RelType.PARTNER_OF:
        props["role"] = role
    else:
        props["since"] = as_of if "new member" in row.get("member_type_as_stated").casefold() else None
    bundle.rels.append(RelRecord(rel_type, carrier or ref, cluster, props, SOURCE_ID, as_of, f"{row.file}:{row.line}"))


def _add_relation(bundle: Bundle, row: RawRow, actors, clusters, carriers: _Carriers) -> None:
    source_id, relation, target = row.get("source_id"), row.get("relation"), row.get("target")
    sources, pages = page_sources(row.get("source_url"))
    bundle.nodes += pages
    props = {"source_urls": sources}
    origin = f"{row.file}:{row.line}"

    def org_ref(actor_id: str) -> str:
        return carriers.ref(actor_id) if actor_id in clusters else "clusters:" + actor_id

    if relation in ("OPERATED_BY", "COMMISSIONED_BY"):
        bundle.rels.append(RelRecord(RelType(relation), org_ref(source_id), org_ref(target), props, SOURCE_ID,
                                     origin=origin))
    elif relation == "CARRIED_BY":
        bundle.rels.append(RelRecord(RelType.CARRIED_BY, source_id, org_ref(target), props, SOURCE_ID, origin=origin))
    elif relation == "LABEL_AWARDED_BY":
        label = actors[source_id].get("label_or_status")
        bundle.rels.append(RelRecord(RelType.AWARDED_LABEL, org_ref(target), source_id,
                                     {**props, "label": EXCELLENCE_LABEL, "label_as_stated": label}, SOURCE_ID,
                                     origin=origin))
    elif relation == "MEMBER":
        match = _PIC.match(target)
        name, pic = (match.group(1), match.group(2)) if match else (target, None)
        ref = f"relation:{row.line}"
        bundle.orgs.append(OrgRecord(ref=ref, name=name, source=SOURCE_ID, pic=pic, kind=infer_kind(name),
                                     kind_inferred=True, origin=origin))
        bundle.rels.append(RelRecord(RelType.MEMBER_OF, ref, source_id, {**props, "role_as_stated": "member"},
                                     SOURCE_ID, origin=origin))
    else:
        bundle.rejected.append(Rejection(row.file, row.line, "relation", f"unknown relation '{relation}'; expected "
                                         "OPERATED_BY, COMMISSIONED_BY, CARRIED_BY, LABEL_AWARDED_BY or MEMBER"))
