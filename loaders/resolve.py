"""Entity resolution: which organisation records describe the same organisation, and why.

Pure functions, explicit result. The rules, in order:

1. the same identifier: CORDIS PIC, ROR id;
2. alias rules (curated or the user's ``aliases`` table): ``merge`` joins two names,
   ``keep_apart`` forbids any join between them (it wins over every name rule, not over identifiers);
3. the same normalised name (:func:`loaders.names.name_key`) *and* a compatible place: the same
   city, one city a prefix of the other, or both cities in the same district of the city table.
   Records without a city join each other, and the only place-group of their name; with several,
   they stay apart and the report says so. Two different ROR ids never join by name, and two
   nodes already in the database never join at all (their ids are kept).

The display name is the best-cased spelling of the highest-priority source (records earlier in
the input win); every other spelling is kept as an alias.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

from graph.schema import OrgKind

from .names import city_key, clean, district_of, name_key, same_city, slug
from .records import AliasRule, OrgRecord


@dataclass(frozen=True)
class Entity:
    """One resolved organisation: the node that will be written."""

    id: str
    name: str
    name_key: str
    kind: OrgKind
    kind_inferred: bool
    aliases: tuple[str, ...]
    sources: tuple[str, ...]
    refs: tuple[str, ...]  # source-local record refs; stored so that a re-load finds the same node
    pic: str | None = None
    pics: tuple[str, ...] = ()
    ror: str | None = None
    city: str | None = None
    country: str | None = None
    region: str | None = None
    sme: bool | None = None
    lat: float | None = None
    lon: float | None = None
    website: str | None = None
    as_of: str | None = None

    def row(self) -> dict:
        """The node row for :func:`graph.writer.write_nodes`."""
        return {
            "id": self.id, "name": self.name, "name_key": self.name_key, "kind": self.kind.value,
            "kind_inferred": self.kind_inferred, "aliases": list(self.aliases),
            "aliases_text": " | ".join(self.aliases), "sources": list(self.sources), "pic": self.pic,
            "pics": list(self.pics) or None, "ror": self.ror, "city": self.city, "country": self.country,
            "region": self.region, "sme": self.sme, "lat": self.lat, "lon": self.lon,
            "website": self.website, "as_of": self.as_of, "refs": [r for r in self.refs if not r.startswith("db:")],
        }


@dataclass(frozen=True)
class Merge:
    """Several records became one organisation; ``reasons`` says which rules joined them."""

    id: str
    name: str
    spellings: tuple[str, ...]
    reasons: tuple[str, ...]
    records: int

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "spellings": list(self.spellings),
                "reasons": list(self.reasons), "records": self.records}


@dataclass(frozen=True)
class Resolution:
    """``ids`` maps every record ref to its entity id."""

    ids: Mapping[str, str]  # every ref, including ``db:<id>`` refs of nodes already in the database
    entities: tuple[Entity, ...]
    merges: tuple[Merge, ...]
    notes: tuple[str, ...] = ()
    records: int = 0

    def stats(self) -> dict:
        reasons = Counter(rule_of(r) for m in self.merges for r in m.reasons)
        refs = sum(1 for ref in self.ids if not ref.startswith("db:"))
        return {"records": self.records, "distinct_refs": refs, "organisations": len(self.entities),
                "merged_groups": len(self.merges), "records_merged": sum(m.records for m in self.merges), "by_rule": dict(sorted(reasons.items())),
                "notes": len(self.notes)}


RULES = ("same PIC", "same ROR id", "alias rule", "same name", "loaded before")


def rule_of(reason: str) -> str:
    """The rule a merge reason names (for statistics)."""
    return next((rule for rule in RULES if reason.startswith(rule)), reason)


@dataclass
class _Groups:
    """Union-find over record indexes, remembering why groups were joined and what may never join."""

    keys: list[set[str]]
    rors: list[set[str]]
    nodes: list[set[str]]
    parent: list[int] = field(default_factory=list)
    reasons: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    forbidden: set[frozenset[str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.parent = list(range(len(self.keys)))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def blocked(self, a: int, b: int, *, by_name: bool) -> bool:
        ra, rb = self.find(a), self.find(b)
        if self.nodes[ra] and self.nodes[rb] and self.nodes[ra] != self.nodes[rb]:
            return True
        if any(frozenset((x, y)) in self.forbidden for x in self.keys[ra] for y in self.keys[rb]):
            return True
        return by_name and bool(self.rors[ra]) and bool(self.rors[rb]) and self.rors[ra] != self.rors[rb]

    def union(self, a: int, b: int, reason: str, *, by_name: bool = False, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or (not force and self.blocked(ra, rb, by_name=by_name)):
            return False
        keep, gone = min(ra, rb), max(ra, rb)
        self.parent[gone] = keep
        self.keys[keep] |= self.keys[gone]
        self.rors[keep] |= self.rors[gone]
        self.nodes[keep] |= self.nodes[gone]
        self.reasons[keep] += self.reasons.pop(gone, []) + ([reason] if reason else [])
        return True


def resolve(
    records: Sequence[OrgRecord],
    rules: Iterable[AliasRule] = (),
    districts: Mapping[str, str] | None = None,
) -> Resolution:
    """Group ``records`` into organisations (see the module docstring for the rules)."""
    districts = districts or {}
    own_keys = [name_key(r.name) for r in records]
    all_keys = [{own_keys[i]} | {name_key(n) for n in r.match_names} - {""} for i, r in enumerate(records)]
    groups = _Groups(keys=[set(k) for k in all_keys], rors=[{r.ror} if r.ror else set() for r in records],
                     nodes=[{r.node_id} if r.node_id else set() for r in records])
    rules = list(rules)
    for rule in rules:
        if rule.decision == "keep_apart":
            groups.forbidden.add(frozenset((name_key(rule.name), name_key(rule.other))))
    _join_by_identifier(records, groups)
    # Records with the same ref are one source row seen several times (a PIC per participation):
    # only the first takes part in name matching.
    first_of_ref: dict[str, int] = {}
    for i, record in enumerate(records):
        j = first_of_ref.setdefault(record.ref, i)
        if j != i:
            groups.union(j, i, "", force=True)
    index: dict[str, list[int]] = defaultdict(list)
    for i in first_of_ref.values():
        for key in all_keys[i]:
            index[key].append(i)
    for rule in rules:
        if rule.decision == "merge":
            members = index.get(name_key(rule.name), []) + index.get(name_key(rule.other), [])
            for i in members[1:]:
                groups.union(members[0], i, f"alias rule: {rule.name} = {rule.other} ({rule.reason})")
    notes = _join_by_name(records, groups, index, districts)
    return _build(records, groups, own_keys, notes)


def _join_by_identifier(records: Sequence[OrgRecord], groups: _Groups) -> None:
    first: dict[tuple[str, str], int] = {}
    for i, record in enumerate(records):
        for kind, value in (("PIC", record.pic), ("ROR id", record.ror), ("node", record.node_id)):
            if not value:
                continue
            j = first.setdefault((kind, value), i)
            if j != i:
                reason = f"loaded before into {value}" if kind == "node" else f"same {kind} {value}"
                groups.union(j, i, reason, force=True)


def _join_by_name(records, groups: _Groups, index, districts) -> list[str]:
    notes = []
    cities = [city_key(r.city) for r in records]
    for key, members in sorted(index.items()):
        if len(members) < 2:
            continue
        placed = [i for i in members if cities[i]]
        by_city: dict[str, list[int]] = defaultdict(list)
        for i in placed:
            by_city[cities[i]].append(i)
        for city, same in by_city.items():
            for i in same[1:]:
                groups.union(same[0], i, f"same name '{key}' and city '{city}'", by_name=True)
        distinct = sorted(by_city)
        for n, a in enumerate(distinct):
            for b in distinct[n + 1:]:
                why = _same_place(a, b, districts)
                if why:
                    groups.union(by_city[a][0], by_city[b][0], f"same name '{key}' and {why}", by_name=True)
        unplaced = [i for i in members if not cities[i]]
        for i in unplaced[1:]:
            groups.union(unplaced[0], i, f"same name '{key}' (no city on either side)", by_name=True)
        roots = {groups.find(i) for i in placed}
        if unplaced and len(roots) == 1:
            groups.union(next(iter(roots)), unplaced[0], f"same name '{key}' (one side without a city)", by_name=True)
        elif unplaced and len(roots) > 1 and groups.find(unplaced[0]) not in roots:
            notes.append(f"'{records[unplaced[0]].name}' has no city and its name fits "
                         f"{len(roots)} organisations in different places: kept apart")
    return notes


def _same_place(a: str, b: str, districts: Mapping[str, str]) -> str:
    if same_city(a, b):
        return f"city '{min(a, b, key=len)}'"
    da, db = district_of(a, districts), district_of(b, districts)
    if da and da == db:
        return f"cities in the same district ({a}, {b}: {da})"
    return ""


def _build(records: Sequence[OrgRecord], groups: _Groups, own_keys: list[str], notes: list[str]) -> Resolution:
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(len(records)):
        members[groups.find(i)].append(i)
    entities, merges, ids = [], [], {}
    taken = {r.node_id for r in records if r.node_id}
    for root, indexes in sorted(members.items()):
        group = [records[i] for i in indexes]
        entity = _entity(group, own_keys[indexes[0]], taken)
        taken.add(entity.id)
        entities.append(entity)
        for record in group:
            ids[record.ref] = entity.id
        new = [r for r in group if not r.ref.startswith("db:")]
        if len({r.ref for r in new}) > 1:
            spellings = tuple(dict.fromkeys(clean(r.name) for r in new))
            merges.append(Merge(entity.id, entity.name, spellings, tuple(dict.fromkeys(groups.reasons[root])),
                                len({r.ref for r in new})))
    return Resolution(ids, tuple(entities), tuple(merges), tuple(notes),
                      sum(1 for r in records if not r.ref.startswith("db:")))


def _entity(group: list[OrgRecord], key: str, taken: set[str]) -> Entity:
    pics = tuple(sorted({r.pic for r in group if r.pic}))
    rors = sorted({r.ror for r in group if r.ror})
    name = _display_name(group)
    stated = [r for r in group if r.kind is not None and not r.kind_inferred]
    typed = stated or [r for r in group if r.kind is not None]
    existing = sorted({r.node_id for r in group if r.node_id})
    if existing:
        node_id = existing[0]
    elif pics:
        node_id = "pic:" + pics[0]
    elif rors:
        node_id = "ror:" + rors[0].rstrip("/").rsplit("/", 1)[-1]
    else:
        node_id = "org:" + (slug(key) or slug(name))
        if node_id in taken:
            node_id += "-" + slug(_first(r.city for r in group) or str(len(taken)))
    spellings = (a for r in group for a in (r.name, *r.aliases, *r.match_names))
    aliases = dict.fromkeys(filter(None, map(clean, spellings)))
    return Entity(
        id=node_id,
        name=name,
        name_key=name_key(name),
        kind=typed[0].kind if typed else OrgKind.OTHER,
        kind_inferred=not stated,
        aliases=tuple(aliases),
        sources=tuple(dict.fromkeys(r.source for r in group if not r.ref.startswith("db:"))),
        refs=tuple(dict.fromkeys(r.ref for r in group)),
        pic=pics[0] if pics else None,
        pics=pics if len(pics) > 1 else (),
        ror=rors[0] if rors else None,
        city=_first(clean(r.city) for r in group),
        country=_first(r.country for r in group),
        region=_best_region(group),
        sme=_first(r.sme for r in group),
        lat=_first(r.lat for r in group),
        lon=_first(r.lon for r in group),
        website=_first(r.website for r in group),
        as_of=max((r.as_of for r in group if r.as_of), default=None),
    )


def _display_name(group: list[OrgRecord]) -> str:
    """The first mixed-case spelling (sources earlier in the input rank higher), else the first."""
    names = [clean(r.name) for r in group]
    mixed = [n for n in names if not n.isupper()]
    return (mixed or names)[0]


def _best_region(group: list[OrgRecord]) -> str | None:
    """The most specific region any record states (a district beats the state beats a country)."""
    regions = [r.region for r in group if r.region]
    return max(regions, key=lambda r: (r.startswith("nuts:"), len(r)), default=None)


def _first(values):
    return next((v for v in values if v not in (None, "")), None)
