"""Entity resolution: which organisation records describe the same organisation, and why.

Pure functions, explicit result. The rules, in order:

1. the same identifier: CORDIS PIC, ROR id;
2. alias rules (curated or the user's ``aliases`` table): ``merge`` joins two names,
   ``keep_apart`` forbids any join between them (it wins over every name rule, not over identifiers);
3. the same normalised name (:func:`loaders.names.name_key`) *and* a compatible place: the same
   city, one city a prefix of the other, or both cities in the same district of the city table.
   Records without a city join each other, and the only place-group of their name; with several,
   they stay apart and the report says so. Two different ROR ids never join by name, and two
   nodes already in the database never join at all (their ids are kept);
4. member linkage (:mod:`loaders.linkage`): a record without an identifier joins the one identified
   organisation its name is contained in, or goes to the review list.

The display name is chosen by :func:`loaders.casing.display_name` (ROR's name, else the best
mixed-case spelling, else the capitals restored) over the records in precedence order
(:mod:`loaders.precedence`); every source spelling is kept as an alias.
"""

from __future__ import annotations

import sys
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable, Mapping, Sequence

from graph.schema import OrgKind

from .casing import display_name
from .linkage import ReviewItem, link_members
from .names import city_key, clean, district_of, name_key, same_city, slug
from .precedence import by_precedence, kind_of, stated_json, users_first
from .records import AliasRule, OrgFacts, OrgRecord
from .regions import region_rank


@dataclass(frozen=True)
class Entity(OrgFacts):
    """One resolved organisation: the node that will be written."""

    id: str
    name: str
    name_key: str
    kind: OrgKind
    kind_inferred: bool
    kind_source: str | None  # the source whose statement of the kind won (loaders.precedence)
    stated: str  # JSON: what each source stated (loaders.precedence), so a later load resolves with it
    aliases: tuple[str, ...]
    sources: tuple[str, ...]
    refs: tuple[str, ...]  # source-local record refs; stored so that a re-load finds the same node
    pic: str | None = None
    pics: tuple[str, ...] = ()
    ror: str | None = None

    def row(self) -> dict:
        """The node row for :func:`graph.writer.write_nodes`."""
        return {
            "id": self.id, "name": self.name, "name_key": self.name_key, "kind": self.kind.value,
            "kind_inferred": self.kind_inferred, "kind_source": self.kind_source, "stated": self.stated,
            "aliases": list(self.aliases),
            "sources": list(self.sources), "pic": self.pic,
            "pics": list(self.pics) or None, "ror": self.ror, "city": self.city, "country": self.country,
            "region": self.region, "sme": self.sme, "lat": self.lat, "lon": self.lon,
            "website": self.website, "as_of": self.as_of, "founded": self.founded, "refs": [r for r in self.refs if not r.startswith("db:")] or None,  # none: an existing node keeps its own
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

    review: tuple[ReviewItem, ...] = ()

    def stats(self) -> dict:
        return resolution_stats(self.records, self.ids, len(self.entities), self.merges, self.notes, self.review)


def resolution_stats(records: int, ids: Mapping[str, str], organisations: int, merges: Sequence[Merge],
                     notes: Sequence[str], review: Sequence[ReviewItem] = ()) -> dict:
    """The numbers a load report shows about entity resolution."""
    reasons = Counter(rule_of(r) for m in merges for r in m.reasons)
    refs = sum(1 for ref in ids if not ref.startswith("db:"))
    return {"records": records, "distinct_refs": refs, "organisations": organisations,
            "merged_groups": len(merges), "records_merged": sum(m.records for m in merges),
            "by_rule": dict(sorted(reasons.items())), "notes": len(notes), "review": len(review)}


RULES = ("same PIC", "same ROR id", "alias rule", "same name", "loaded before", "linked")


def rule_of(reason: str) -> str:
    """The rule a merge reason names (for statistics)."""
    return next((rule for rule in RULES if reason.startswith(rule)), reason)


@dataclass(slots=True)  # not frozen: a frozen init costs a third of match_key on 100,000 records
class MatchKey:
    """What resolution needs of one record, and no more, so that millions of records fit in memory.

    Repeated texts (city, region, source) are interned; ``name`` is kept only for a record without
    a city or without an identifier (the report names it when it cannot be placed or goes to the
    review list) and ``name_slug`` only when the key has no letters (the entity id falls back to it).
    """

    ref: str
    key: str
    city: str | None = None
    pic: str | None = None
    ror: str | None = None
    node_id: str | None = None
    other_keys: tuple[str, ...] = ()
    name: str = ""
    name_slug: str = ""


# A source repeats an organisation's name once per participation: each spelling is folded once.
_name_key = lru_cache(maxsize=1 << 17)(name_key)
_city_key = lru_cache(maxsize=1 << 15)(city_key)


def match_key(record: OrgRecord) -> MatchKey:
    key = _name_key(record.name)
    other = tuple(k for k in dict.fromkeys(map(_name_key, record.match_names)) if k and k != key)
    return MatchKey(record.ref, key, sys.intern(record.city) if record.city else None, record.pic, record.ror,
                    record.node_id, other, record.name if _named(record) else "", "" if key else slug(record.name))


def _named(record: OrgRecord) -> bool:
    """Keep the name where the report may show it: a record without a city, or without an identifier."""
    return not record.city or not (record.pic or record.ror)


@dataclass
class _Groups:
    """Union-find over record indexes, remembering why groups were joined and what may never join.

    Keys, ROR ids and node ids of a group are sets only once the group has two members; a lone
    record's come from its :class:`MatchKey`.
    """

    records: Sequence[MatchKey]
    parent: array = field(init=False)
    reasons: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    forbidden: set[frozenset[str]] = field(default_factory=set)
    joined: dict[int, tuple[set[str], set[str], set[str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.parent = array("q", range(len(self.records)))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def _sets(self, root: int) -> tuple[set[str], set[str], set[str]]:
        if root in self.joined:
            return self.joined[root]
        record = self.records[root]
        return ({record.key, *record.other_keys}, {record.ror} if record.ror else set(),
                {record.node_id} if record.node_id else set())

    def blocked(self, a: int, b: int, *, by_name: bool) -> bool:
        (keys_a, rors_a, nodes_a), (keys_b, rors_b, nodes_b) = self._sets(self.find(a)), self._sets(self.find(b))
        if nodes_a and nodes_b and nodes_a != nodes_b:
            return True
        if self.kept_apart(a, b):
            return True
        return by_name and bool(rors_a) and bool(rors_b) and rors_a != rors_b

    def kept_apart(self, a: int, b: int) -> bool:
        """A ``keep_apart`` alias rule names a key of each group."""
        keys_a, keys_b = self._sets(self.find(a))[0], self._sets(self.find(b))[0]
        return bool(self.forbidden) and any(frozenset((x, y)) in self.forbidden for x in keys_a for y in keys_b)

    def union(self, a: int, b: int, reason: str, *, by_name: bool = False, force: bool = False) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or (not force and self.blocked(ra, rb, by_name=by_name)):
            return False
        keep, gone = min(ra, rb), max(ra, rb)
        kept, lost = self._sets(keep), self._sets(gone)
        self.joined.pop(gone, None)
        for mine, theirs in zip(kept, lost):  # in place: a PIC with 500 participations is not copied 500 times
            mine |= theirs
        self.joined[keep] = kept
        self.parent[gone] = keep
        self.reasons[keep] += self.reasons.pop(gone, []) + ([reason] if reason else [])
        return True


@dataclass
class Grouping:
    """Which records (by position in the input) are one organisation, its id, and why.

    Memory per record: its :class:`MatchKey` while grouping, then two array slots and the
    ``ids`` entry (ref → entity id) that relationships need.
    """

    ids: dict[str, str]
    root: array  # record index → index of its group's first record
    size: array  # group's first record index → number of records in the group
    reasons: dict[int, list[str]]
    notes: tuple[str, ...]
    records: int  # records that are not nodes already in the database
    organisations: int
    review: tuple[ReviewItem, ...] = ()

    def stats(self, merges: Sequence[Merge]) -> dict:
        return resolution_stats(self.records, self.ids, self.organisations, merges, self.notes, self.review)


def group(records: Sequence[MatchKey], rules: Iterable[AliasRule] = (),
          districts: Mapping[str, str] | None = None) -> Grouping:
    """Group records into organisations (see the module docstring for the rules)."""
    districts = districts or {}
    groups = _Groups(records)
    rules = list(rules)
    for rule in rules:
        if rule.decision == "keep_apart":
            groups.forbidden.add(frozenset((name_key(rule.name), name_key(rule.other))))
    _join_by_identifier(records, groups)
    # Records with the same ref are one source row seen several times (a PIC per participation):
    # only the first takes part in name matching.
    first_of_ref: dict[str, int] = {}
    index: dict[str, int | list[int]] = {}
    for i, record in enumerate(records):
        j = first_of_ref.setdefault(record.ref, i)
        if j != i:
            groups.union(j, i, "", force=True)
            continue
        for key in (record.key, *record.other_keys):
            seen = index.setdefault(key, i)
            if seen != i:
                index[key] = [*seen, i] if isinstance(seen, list) else [seen, i]
    del first_of_ref
    for rule in rules:
        if rule.decision == "merge":
            members = _members(index, name_key(rule.name)) + _members(index, name_key(rule.other))
            for i in members[1:]:
                groups.union(members[0], i, f"alias rule: {rule.name} = {rule.other} ({rule.reason})")
    shared = {key: members for key, members in index.items() if isinstance(members, list)}
    del index
    notes = _join_by_name(records, groups, shared, districts)
    review = link_members(records, groups, districts, _city_key)
    return _grouping(records, groups, notes, review)


def _members(index: Mapping[str, int | list[int]], key: str) -> list[int]:
    found = index.get(key, [])
    return list(found) if isinstance(found, list) else [found]


def _join_by_identifier(records: Sequence[MatchKey], groups: _Groups) -> None:
    first: dict[tuple[str, str], int] = {}
    for i, record in enumerate(records):
        if not (record.pic or record.ror or record.node_id):
            continue
        for kind, value in (("PIC", record.pic), ("ROR id", record.ror), ("node", record.node_id)):
            if not value:
                continue
            j = first.setdefault((kind, value), i)
            if j != i and groups.find(j) != groups.find(i):
                reason = f"loaded before into {value}" if kind == "node" else f"same {kind} {value}"
                groups.union(j, i, reason, force=True)


def _join_by_name(records: Sequence[MatchKey], groups: _Groups, index: Mapping[str, list[int]], districts) -> list[str]:
    notes = []
    for key, members in sorted(index.items()):
        cities = {i: _city_key(records[i].city) for i in members}
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
            name = records[unplaced[0]].name or records[unplaced[0]].key
            notes.append(f"'{name}' has no city and its name fits "
                         f"{len(roots)} organisations in different places: kept apart")
    return notes


def _same_place(a: str, b: str, districts: Mapping[str, str]) -> str:
    if same_city(a, b):
        return f"city '{min(a, b, key=len)}'"
    da, db = district_of(a, districts), district_of(b, districts)
    if da and da == db:
        return f"cities in the same district ({a}, {b}: {da})"
    return ""


@dataclass
class _GroupFacts:
    """What a group's id depends on, gathered over its records."""

    pics: set[str] = field(default_factory=set)
    rors: set[str] = field(default_factory=set)
    nodes: set[str] = field(default_factory=set)
    city: str | None = None

    def add(self, record: MatchKey) -> None:
        self.pics |= {record.pic} if record.pic else set()
        self.rors |= {record.ror} if record.ror else set()
        self.nodes |= {record.node_id} if record.node_id else set()
        self.city = self.city or record.city


def _grouping(records: Sequence[MatchKey], groups: _Groups, notes: list[str],
              review: Sequence[tuple[int, int, ReviewItem]] = ()) -> Grouping:
    """Entity ids in the order of each group's first record (so a clash gets the same suffix every time).

    The review list keeps the items about organisations the load states something about: two that were
    in the database before and stay apart are not this load's question (and were listed when loaded)."""
    count = len(records)
    root, size = array("q", bytes(8 * count)), array("q", bytes(8 * count))
    facts: dict[int, _GroupFacts] = {}
    for i in range(count):
        root[i] = groups.find(i)
        size[root[i]] += 1
    for i in range(count):
        if size[root[i]] > 1:
            facts.setdefault(root[i], _GroupFacts()).add(records[i])
    taken = {r.node_id for r in records if r.node_id}
    ids: dict[str, str] = {}
    for i, record in enumerate(records):
        if root[i] != i:
            ids.setdefault(record.ref, ids[records[root[i]].ref])
            continue
        entity_id = _entity_id(record, facts.get(i) or _single(record), taken)
        taken.add(entity_id)
        ids[record.ref] = entity_id
    new = sum(1 for r in records if not r.ref.startswith("db:"))
    loaded = {root[i] for i in range(count) if not records[i].ref.startswith("db:")}  # what this load states
    items = tuple(sorted((replace(item, candidate_id=ids[records[candidate].ref])
                          for member, candidate, item in review if root[member] in loaded),
                         key=lambda item: (item.name.casefold(), item.candidate)))
    return Grouping(ids, root, size, dict(groups.reasons), tuple(notes), new,
                    sum(1 for i in range(count) if root[i] == i), items)


def _single(record: MatchKey) -> _GroupFacts:
    facts = _GroupFacts()
    facts.add(record)
    return facts


def _entity_id(first: MatchKey, facts: _GroupFacts, taken: set[str]) -> str:
    if facts.nodes:
        return min(facts.nodes)
    if facts.pics:
        return "pic:" + min(facts.pics)
    if facts.rors:
        return "ror:" + min(facts.rors).rstrip("/").rsplit("/", 1)[-1]
    node_id = "org:" + (slug(first.key) or first.name_slug)
    if node_id in taken:
        node_id += "-" + slug(facts.city or str(len(taken)))
    return node_id


class EntityBuilder:
    """Turns records, fed in the order they were grouped, into entities: a lone record at once, a
    group when its last record arrives (only records of unfinished groups are held)."""

    def __init__(self, grouping: Grouping) -> None:
        self.grouping = grouping
        self.merges: list[tuple[int, Merge]] = []
        self._position = 0
        self._open: dict[int, list[OrgRecord]] = {}

    def add(self, record: OrgRecord) -> Entity | None:
        i, self._position = self._position, self._position + 1
        root = self.grouping.root[i]
        if self.grouping.size[root] == 1:
            return entity_of([record], self.grouping.ids[record.ref])
        members = self._open.setdefault(root, [])
        members.append(record)
        if len(members) < self.grouping.size[root]:
            return None
        del self._open[root]
        entity = entity_of(members, self.grouping.ids[record.ref])
        new = [r for r in members if not r.ref.startswith("db:")]
        if len({r.ref for r in new}) > 1:
            spellings = tuple(dict.fromkeys(clean(r.name) for r in new))
            self.merges.append((root, Merge(entity.id, entity.name, spellings,
                                            tuple(dict.fromkeys(self.grouping.reasons.get(root, []))),
                                            len({r.ref for r in new}))))
        return entity

    def root_of_last(self) -> int:
        return self.grouping.root[self._position - 1]

    def merges_in_order(self) -> tuple[Merge, ...]:
        return tuple(m for _, m in sorted(self.merges, key=lambda pair: pair[0]))


def resolve(
    records: Sequence[OrgRecord],
    rules: Iterable[AliasRule] = (),
    districts: Mapping[str, str] | None = None,
) -> Resolution:
    """Group ``records`` into organisations (see the module docstring for the rules), all in memory."""
    grouping = group([match_key(r) for r in records], rules, districts)
    builder = EntityBuilder(grouping)
    built = []
    for record in records:
        entity = builder.add(record)
        if entity is not None:
            built.append((builder.root_of_last(), entity))
    entities = tuple(e for _, e in sorted(built, key=lambda pair: pair[0]))
    return Resolution(grouping.ids, entities, builder.merges_in_order(), grouping.notes, grouping.records,
                      grouping.review)


def entity_of(group: list[OrgRecord], node_id: str) -> Entity:
    """The node of a group; where records disagree, :mod:`loaders.precedence` decides."""
    ranked = by_precedence(group)
    pics = tuple(sorted({r.pic for r in ranked if r.pic}))
    rors = sorted({r.ror for r in ranked if r.ror})
    name = display_name([r if not r.ref.startswith("db:") else replace(r, match_names=()) for r in users_first(ranked)])
    kind, inferred, kind_source = kind_of(ranked)
    spellings = (name, *(a for r in group for a in (r.name, *r.aliases, *r.match_names)))  # name: a re-load keeps them
    aliases = dict.fromkeys(filter(None, map(clean, spellings)))
    return Entity(
        id=node_id,
        name=name,
        name_key=name_key(name),
        kind=kind,
        kind_inferred=inferred,
        kind_source=kind_source,
        stated=stated_json(ranked),
        aliases=tuple(aliases),
        sources=tuple(dict.fromkeys(r.source for r in group if not r.ref.startswith("db:"))),
        refs=tuple(dict.fromkeys(r.ref for r in group)),
        pic=pics[0] if pics else None,
        pics=pics if len(pics) > 1 else (),
        ror=rors[0] if rors else None,
        city=_first(clean(r.city) for r in ranked),
        country=_first(r.country for r in ranked),
        region=_best_region(ranked),
        sme=_first(r.sme for r in ranked),
        lat=_first(r.lat for r in ranked),
        lon=_first(r.lon for r in ranked),
        website=_first(r.website for r in ranked),
        founded=_first(r.founded for r in ranked),
        as_of=max((r.as_of for r in ranked if r.as_of), default=None),
    )


def _best_region(group: list[OrgRecord]) -> str | None:
    """The most specific region any record states (a Kreis beats a district beats the state beats a country)."""
    regions = sorted({r.region for r in group if r.region})
    return max(regions, key=region_rank, default=None)


def _first(values):
    return next((v for v in values if v not in (None, "")), None)
