"""Member linkage: a name-only record (a cluster member, a workbook row) joins the identified organisation
(CORDIS PIC, ROR id, a node already in the database) it names, or goes to a review list.

Runs after the exact rules of :mod:`loaders.resolve`, on groups that still have no identifier and
no registry record (a CORDIS row without a PIC is a candidate, never re-linked by a shorter name).
A node already in the database is a member too when it has no identifier, so a re-load gives the
same review list; two nodes already in the database are never joined.
Names are compared as :func:`loaders.names.name_key` token sets (legal forms, umlauts and "ae/ue"
spellings, punctuation and word order already folded), so a short name is *contained* in the
registered one ("Hochschule Aalen" in "HOCHSCHULE AALEN - TECHNIK UND WIRTSCHAFT"), or the
registered name in the member's when the member only adds its acronym ("NMI Naturwissenschaftliches
und Medizinisches Institut …"). ``rapidfuzz`` scores the similarity (``token_sort_ratio``, 0–100)
that ranks candidates and finds near spellings. Only a sure link joins:

* the member's name is contained as above, has two words or more, and only one organisation fits;
* the places agree (same city, same district) or one side has no city.

Everything else with a candidate goes to the review list (name, candidate, score, reason), never
to a guess: a one-word short name, two organisations fitting equally well, cities that differ, a
similar but not contained name. A ``merge`` alias rule confirms a candidate (it joins before this
step), a ``keep_apart`` rule rejects it (it is never proposed).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Mapping, Protocol, Sequence

from rapidfuzz import fuzz

from .names import city_key, district_of, same_city

REGISTRIES = ("cordis:", "ror:")  # refs of registry records: candidates, never re-linked by name
NEAR = 90  # token_sort_ratio from which a name that is not contained is still worth a review
COMMON = 200  # a token in more candidate names than this does not select candidates alone


@dataclass(frozen=True)
class ReviewItem:
    """A candidate that was not merged; a ``merge`` or ``keep_apart`` alias rule decides it."""

    name: str
    candidate: str
    score: int
    reason: str
    candidate_id: str = ""

    def to_dict(self) -> dict:
        return {"name": self.name, "candidate": self.candidate, "candidate_id": self.candidate_id,
                "score": self.score, "reason": self.reason}


class _Record(Protocol):
    ref: str
    key: str
    city: str | None
    pic: str | None
    ror: str | None
    node_id: str | None
    other_keys: tuple[str, ...]
    name: str


class _Groups(Protocol):
    def find(self, i: int) -> int: ...
    def kept_apart(self, a: int, b: int) -> bool: ...
    def union(self, a: int, b: int, reason: str, *, by_name: bool = False, force: bool = False) -> bool: ...


@dataclass
class _Candidates:
    """Identified organisations by name key, with a token index to find them."""

    roots: dict[str, set[int]]  # key -> group roots that carry it
    cities: dict[int, set[str]]  # group root -> its city keys
    by_token: dict[str, list[str]]  # token -> keys

    def for_tokens(self, words: set[str]) -> set[str]:
        postings = sorted((self.by_token.get(w, []) for w in words), key=len)
        rare = [p for p in postings if len(p) <= COMMON] or postings[:1]
        return {key for p in rare for key in p}


def link_members(records: Sequence[_Record], groups: _Groups, districts: Mapping[str, str],
                 city: Callable[[str | None], str] = city_key) -> list[tuple[int, int, ReviewItem]]:
    """Join sure links; return the review items as ``(member index, candidate root, item)``."""
    unidentified = [i for i, r in enumerate(records) if not (r.pic or r.ror or r.ref.startswith(REGISTRIES))]
    if not unidentified:
        return []
    identified = {groups.find(i) for i, r in enumerate(records) if r.pic or r.ror or r.ref.startswith(REGISTRIES)}
    members: dict[int, list[int]] = defaultdict(list)
    for i in unidentified:
        root = groups.find(i)
        if root not in identified and records[i].key:
            members[root].append(i)
    if not members or not identified:
        return []
    words = {w for indexes in members.values() for i in indexes
             for key in (records[i].key, *records[i].other_keys) for w in key.split()}
    found = _candidates(records, groups, identified, words, city)
    review = []
    for root, indexes in members.items():
        item = _link(records, indexes, groups, found, districts, city)
        if item is not None:
            review.append(item)
    return review


def _candidates(records, groups, identified: set[int], words: set[str], city) -> _Candidates:
    """Identified organisations whose names share a word with some member (the others cannot match)."""
    roots: dict[str, set[int]] = defaultdict(set)
    cities: dict[int, set[str]] = defaultdict(set)
    for i, record in enumerate(records):
        keys = [k for k in (record.key, *record.other_keys) if k and not words.isdisjoint(k.split())]
        if not keys:
            continue
        root = groups.find(i)
        if root not in identified:
            continue
        for key in keys:
            roots[key].add(root)
        if record.city:
            cities[root].add(city(record.city))
    by_token: dict[str, list[str]] = defaultdict(list)
    for key in roots:
        for word in set(key.split()):
            by_token[word].append(key)
    return _Candidates(roots, cities, by_token)


def _link(records, indexes: list[int], groups, found: _Candidates, districts, city) -> tuple | None:
    # The name as the source states it; a node loaded before comes last (it carries the display name).
    stated = sorted(indexes, key=lambda i: records[i].ref.startswith("db:"))
    name = next((records[i].name for i in stated if records[i].name), records[indexes[0]].key)
    member_cities = {city(records[i].city) for i in indexes if records[i].city}
    contained: dict[int, tuple[int, str]] = {}
    near: dict[int, tuple[int, str]] = {}
    one_word = True
    for key in dict.fromkeys(k for i in indexes for k in (records[i].key, *records[i].other_keys) if k):
        words = set(key.split())
        one_word = one_word and len(words) < 2
        for other in found.for_tokens(words):
            score = round(fuzz.token_sort_ratio(key, other))
            target = contained if _contains(words, set(other.split())) else near if score >= NEAR else None
            if target is None:
                continue
            for root in found.roots[other]:
                if not groups.kept_apart(indexes[0], root) and score > target.get(root, (-1, ""))[0]:
                    target[root] = (score, other)
    if contained:
        best = max(contained, key=lambda r: (contained[r][0], -r))
        score, other = contained[best]
        place = _place(member_cities, found.cities.get(best, set()), districts)
        sure = len(contained) == 1 and not one_word and place is not None
        if sure and groups.union(indexes[0], best, f"linked '{name}' to '{other}' (name contained, score {score}{place})",
                                 by_name=True):
            return None
        reason = (f"fits {len(contained)} organisations equally well" if len(contained) > 1
                  else "one-word short name" if one_word else "cities differ" if place is None
                  else "already in the database as two organisations")
        return indexes[0], best, ReviewItem(name, other, score, reason)
    if near:
        best = max(near, key=lambda r: (near[r][0], -r))
        score, other = near[best]
        return indexes[0], best, ReviewItem(name, other, score, "similar name, not contained")
    return None


def _contains(member: set[str], other: set[str]) -> bool:
    """The member's words all in the other name, or the other's in the member's plus an acronym of them."""
    if member <= other:
        return True
    extra = member - other
    if not other <= member or len(extra) != 1:
        return False
    acronym = next(iter(extra))
    initials = sorted(w[0] for w in other)
    return 2 <= len(acronym) <= 6 and all(acronym.count(c) <= initials.count(c) for c in set(acronym))


def _place(member: set[str], candidate: set[str], districts) -> str | None:
    """``""`` when either side has no city, a phrase when they agree, ``None`` when they differ."""
    if not member or not candidate:
        return ""
    for a in member:
        for b in candidate:
            if same_city(a, b):
                return f", city '{min(a, b, key=len)}'"
            if district_of(a, districts) and district_of(a, districts) == district_of(b, districts):
                return f", same district ({a}, {b})"
    return None
