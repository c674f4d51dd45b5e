"""Which source's statement about an organisation wins, the same in every load order (docs/data-model.md).

Every organisation node keeps what each source stated about it (``stated``: JSON, source id → values),
so that a later load resolves with the earlier sources' own statements rather than with a merged
result, and the losing values stay on the node. The rules:

1. a stated kind beats an inferred one, and a stated specific kind beats a stated catch-all "Other";
   a real name beats an id-shaped one (``pic:990797674``);
2. between two sources that both state a kind, an organisation's own declaration to a register
   outranks third parties' classification (:data:`KIND_RANKED_SOURCES`): the user's own sources (a
   workbook, a member list: any source not listed) first, then CORDIS (each participant states its
   activity type itself when it registers; H2020, FP7, other CORDIS programmes), then ROR, then the
   hand-collected cluster facts and the press release;
3. between two sources that both state any other value (or that both only guess the kind from a
   name), the higher-ranked source wins (:data:`RANKED_SOURCES`): the user's own sources first, then
   the hand-collected cluster facts, the press release, ROR, CORDIS H2020, CORDIS FP7, other CORDIS
   programmes;
4. ties go to the smaller source id; a source that is loaded again replaces what it stated before
   (its new statement is its word now).
"""

from __future__ import annotations

import json
import re
from typing import Iterable, Sequence

from graph.schema import OrgKind

from .records import OrgRecord

OTHER_CORDIS = "src:cordis-*"  # stands for every CORDIS programme not named in a ranking
RANKED_SOURCES = ("src:clusters-bw", "src:press-cluster-brunch", "src:ror", "src:cordis-h2020", "src:cordis-fp7",
                  OTHER_CORDIS)
KIND_RANKED_SOURCES = ("src:cordis-h2020", "src:cordis-fp7", OTHER_CORDIS, "src:ror", "src:clusters-bw",
                       "src:press-cluster-brunch")
STATED = ("name", "kind", "kind_inferred", "pic", "ror", "city", "country", "region", "sme", "lat", "lon",
          "website", "as_of", "founded", "aliases")
_ID_SHAPED = re.compile(r"^(?:(?:pic|ror|org)[:\s]?\s*)?[0-9a-z]*\d[0-9a-z]*$|^https?://ror\.org/", re.IGNORECASE)


def source_rank(source: str, ranking: Sequence[str] = RANKED_SOURCES) -> tuple[int, str]:
    """Lower ranks first: a user's source, then the bundled open sources in ``ranking`` order."""
    listed = source if source in ranking else OTHER_CORDIS if source.startswith("src:cordis-") else None
    return (1 + ranking.index(listed) if listed else 0), source


def kind_rank(source: str) -> tuple[int, str]:
    """The rank of a source's statement of the kind: :data:`KIND_RANKED_SOURCES`, a user's source first."""
    return source_rank(source, KIND_RANKED_SOURCES)


def id_shaped(name: str) -> bool:
    """``pic:990797674``, ``990797674``, a ROR URL: an identifier standing in for a missing name.

    >>> id_shaped("pic:990797674"), id_shaped("Karlsruher Institut für Technologie"), id_shaped("3M")
    (True, False, False)
    """
    text = name.strip()
    return bool(text) and bool(_ID_SHAPED.match(text)) and sum(c.isdigit() for c in text) >= 5


def by_precedence(records: Iterable[OrgRecord]) -> list[OrgRecord]:
    """Records in precedence order; a source loaded again drops what it stated before (``db:`` records)."""
    records = list(records)
    restated = {r.source for r in records if not r.ref.startswith("db:")}
    current = [r for r in records if not (r.ref.startswith("db:") and r.source in restated)]
    return sorted(current, key=lambda r: source_rank(r.source))  # stable: a source's own order stays


def users_first(records: Sequence[OrgRecord]) -> list[OrgRecord]:
    """The records whose names compete for the display name: those with a real name (all when none has
    one), and of them only a user's own sources' when there are any (a user's spelling beats ROR's)."""
    real = [r for r in records if not id_shaped(r.name)] or list(records)
    own = [r for r in real if source_rank(r.source)[0] == 0]
    return own or real


def kind_of(records: Sequence[OrgRecord]) -> tuple[OrgKind, bool, str | None]:
    """The winning kind, whether it is only inferred, and the source it came from.

    ``records`` come in precedence order (:func:`by_precedence`). Stated kinds are ranked by
    :func:`kind_rank` (a source's own records stay in their order); when no source states a kind, the
    guesses keep the precedence order, since a guess from a name is no one's declaration.
    """
    stated = sorted((r for r in records if r.kind is not None and not r.kind_inferred),
                    key=lambda r: kind_rank(r.source))
    stated = [r for r in stated if r.kind is not OrgKind.OTHER] or stated  # "Other" is a catch-all, not a claim
    typed = stated or [r for r in records if r.kind is not None]
    if not typed:
        return OrgKind.OTHER, True, None
    return typed[0].kind, not stated, typed[0].source


def stated_json(records: Sequence[OrgRecord]) -> str:
    """What each source stated (first non-empty value per field within a source; a stated kind before
    an inferred one), as stable JSON. ``aliases`` gathers every other spelling the source's records
    gave and ``refs`` their refs, so that taking the source back can remove exactly those
    (:mod:`loaders.sources`)."""
    stated: dict[str, dict] = {}
    for record in records:
        values = stated.setdefault(record.source, {})
        for name in STATED:
            value = getattr(record, name)
            if name == "kind" and value is not None:
                value = value.value
            if name != "aliases" and values.get(name) in (None, "") and value not in (None, ""):
                values[name] = value
        if record.kind is not None and not record.kind_inferred and values.get("kind_inferred"):
            values.update(kind=record.kind.value, kind_inferred=False)  # a source's stated kind beats its guess
        from_db = record.ref.startswith("db:")  # a node's earlier statement: its match names are everyone's
        spellings = (record.name, *record.aliases) if from_db else (record.name, *record.aliases, *record.match_names)
        values["aliases"] = list(dict.fromkeys([*values.get("aliases", []), *spellings]))
        values["refs"] = list(dict.fromkeys([*values.get("refs", []), *(record.held_refs if from_db else (record.ref,))]))
    for values in stated.values():
        values["aliases"] = [a for a in values["aliases"] if a and a != values.get("name")]
        for name in ("aliases", "refs"):
            if not values[name]:
                del values[name]
    return json.dumps(stated, ensure_ascii=False, sort_keys=True)


def stated_spellings(values: dict) -> set[str]:
    """Every spelling one source's statement gave (its name and its other spellings)."""
    return {values["name"], *values.get("aliases", ())} if values.get("name") else set(values.get("aliases", ()))


def stated_records(node_id: str, stated: str, match_names: tuple[str, ...]) -> list[OrgRecord]:
    """An existing node's per-source statements as records of their sources (for resolution)."""
    records = []
    for n, (source, values) in enumerate(sorted(json.loads(stated).items())):
        kind = OrgKind(values["kind"]) if values.get("kind") else None
        records.append(OrgRecord(
            ref="db:" + node_id, name=values.get("name") or node_id, source=source, kind=kind,
            kind_inferred=bool(values.get("kind_inferred")), pic=values.get("pic"), ror=values.get("ror"),
            city=values.get("city"), country=values.get("country"), region=values.get("region"),
            sme=values.get("sme"), lat=values.get("lat"), lon=values.get("lon"), website=values.get("website"),
            as_of=values.get("as_of"), founded=values.get("founded"), aliases=tuple(values.get("aliases") or ()),
            node_id=node_id, match_names=match_names if n == 0 else (), held_refs=tuple(values.get("refs") or ())))
    return records
