"""Find organisations, clusters and technology fields by id or by (misspelt, partial) name."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from neo4j import Driver
from rapidfuzz import fuzz

from graph.record import Record
from queries.cypher import read, read_records
from queries.errors import Ambiguous, NotFound

EXACT = 1.0
CONTAINS = 0.7
_WORDS = {"Organisation": "organisation", "ClusterInitiative": "cluster", "TechnologyField": "technology field"}
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class Actor(Record):
    """An organisation, cluster initiative or technology field; ``label`` is its kind."""

    id: str
    name: str
    label: str
    score: float = 1.0


def normalise(text: str) -> str:
    """Lower case, umlauts spelt out, accents and punctuation dropped.

    >>> normalise("Universität  Stuttgart") == normalise("UNIVERSITAET STUTTGART")
    True
    """
    text = (text or "").lower().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def match_score(query: str, name: str) -> float:
    """How well ``name`` matches ``query``: 1 exact, 0.7–0.95 all words contained, else similarity.

    >>> match_score("bosch", "Robert Bosch GmbH") > match_score("bosch", "Bosch Rexroth Aktiengesellschaft")
    True
    >>> match_score("Univrsität Stutgart", "Universität Stuttgart") > 0.5
    True
    """
    return _normalised_score(normalise(query), name)


def _normalised_score(q: str, name: str) -> float:
    """:func:`match_score` with the query already normalised: a national search scores 26k names."""
    n = normalise(name)
    if not q or not n:
        return 0.0
    if q == n:
        return EXACT
    words = n.split()
    if all(any(w.startswith(t) for w in words) for t in q.split()):
        return CONTAINS + 0.25 * len(q) / len(n)
    return 0.65 * fuzz.ratio(q, n) / 100


def find_actors(driver: Driver, database: str, text: str, *, limit: int = 10, types: tuple[str, ...] | None = None) -> list[Actor]:
    """Actors whose id, name or alias matches ``text``, best first (``score`` in [0, 1]; an exact
    id scores 1.01). ``types`` restricts them to some of ``Organisation``, ``ClusterInitiative``,
    ``TechnologyField``.
    """
    found: dict[str, Actor] = {}
    query = normalise(text)
    for row in read_records(driver, database, "actors", types=list(types) if types else None):
        name = row["name"] or row["id"]
        if text.strip() == row["id"]:
            score = EXACT + 0.01
        else:
            score = max([_normalised_score(query, name)] + [_normalised_score(query, a) * 0.99 for a in row["aliases"]])
        if score >= 0.45:
            found[row["id"]] = Actor(row["id"], name, row["label"], round(score, 3))
    return sorted(found.values(), key=lambda a: (-a.score, len(a.name), a.name))[:limit]


def resolve_actor(driver: Driver, database: str, text: str, *, types: tuple[str, ...] | None = None) -> Actor:
    """The one actor ``text`` names: an id, an exact name or alias, or a name only one actor contains.

    Raises :class:`~queries.errors.NotFound` when nothing is close, and
    :class:`~queries.errors.Ambiguous` with suggestions when several actors fit or the spelling
    is only close.
    """
    by_id = [r for r in read(driver, database, "actor_by_id", id=text.strip()) if not types or r["type"] in types]
    if len(by_id) == 1:  # the dashboard passes ids: one index look-up instead of scoring every name
        return Actor(by_id[0]["id"], by_id[0]["name"] or by_id[0]["id"], by_id[0]["label"], EXACT + 0.01)
    what = " or ".join(_WORDS[t] for t in types) if types else "organisation, cluster or field"
    candidates = find_actors(driver, database, text, limit=10, types=types)
    if not candidates:
        raise NotFound(f"no {what} matches '{text}'; try a shorter part of the name or 'innograph stats'")
    if candidates[0].score > EXACT:
        return candidates[0]
    by_name = [a for a in candidates if a.score >= EXACT]
    exact = by_name or [a for a in candidates if a.score >= EXACT * 0.99]
    if len(exact) == 1:
        return exact[0]
    contained = [a for a in candidates if a.score >= CONTAINS]
    if not exact and len(contained) == 1:
        return contained[0]
    shown = exact or contained or candidates
    listing = "; ".join(f"{a.name} ({a.id})" for a in shown[:5])
    if exact or len(contained) > 1:
        message = f"'{text}' matches several: {listing}; give the id or the full name"
    else:
        message = f"no {what} is named '{text}'; did you mean: {listing}?"
    raise Ambiguous(message, suggestions=shown[:5])
