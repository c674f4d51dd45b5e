"""One process-wide cache of NetworkX projections, never older than the graph it was read from.

Building a projection reads every organisation and tie and is CPU-bound in Python: under the GIL,
20 analysts asking at once queued behind each other (FINDING-13). The cache keeps the last few
projections per ``(database, filter)`` and checks on every call, with one cheap read, whether the
graph changed since; only then does it build again. Concurrent callers of the same key wait for
one build instead of starting their own.

Size: ``INNOGRAPH_PROJECTION_CACHE`` projections (default 4; 0 turns caching off). A projection of
the bench's L graph (100,000 organisations, a million ties) takes gigabytes, so keep it small there.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from types import MappingProxyType

import networkx as nx
from neo4j import READ_ACCESS, Driver

from queries.cypher import load_cypher
from queries.projection import build_projection
from queries.selection import Selection

DEFAULT_SIZE = 4


@dataclass(frozen=True)
class GraphVersion:
    """What a cached projection must match to be reused.

    ``bookmark`` is the one the server hands back after a read: it names the database's newest
    committed transaction, so any write (a load, ``analyze``, a clear, a single property) changes
    it, and it differs between servers. The count-store counts and the newest ``LoadRun`` id
    still notice a load or a clear on a server that returns no such bookmark.
    """

    bookmark: frozenset
    nodes: int
    relationships: int
    last_load: str | None


def graph_version(driver: Driver, database: str) -> GraphVersion:
    """Probe the graph's state in one read (counts come from the count store, not a scan)."""
    with driver.session(database=database, default_access_mode=READ_ACCESS) as session:
        record = session.execute_read(lambda tx: tx.run(load_cypher("projection_version")).single())
        bookmark = frozenset(session.last_bookmarks().raw_values)
    return GraphVersion(bookmark, record["nodes"], record["relationships"], record["last_load"])


@dataclass
class _Entry:
    version: GraphVersion
    graph: nx.Graph


@dataclass
class _Slot:
    """The lock of one key while callers are using it; dropped when the last one leaves."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    users: int = 0


class ProjectionCache:
    """An LRU of read-only projections keyed by ``(database, filter)``, safe to share between threads."""

    def __init__(self, size: int = DEFAULT_SIZE) -> None:
        self.size = size
        self.builds = 0
        self._entries: OrderedDict[tuple, _Entry] = OrderedDict()
        self._slots: dict[tuple, _Slot] = {}
        self._lock = threading.Lock()

    def get(self, driver: Driver, database: str, flt: Selection | None = None) -> nx.Graph:
        """The projection for ``flt`` as of now: cached if the graph has not changed, else built.

        The graph is frozen and its attribute mappings are read-only, because other callers share
        it: copy it (``G.copy()``) to change it.
        """
        key = (database, (flt or Selection()).analytics_part())  # the map's limit etc. do not change it
        cached = self._lookup(key, graph_version(driver, database))
        if cached is not None:
            return cached
        slot = self._enter(key)
        try:
            with slot.lock:
                version = graph_version(driver, database)  # again: another caller may have built while we waited
                cached = self._lookup(key, version)
                if cached is not None:
                    return cached
                self._discard(key)  # older than our probe: let it go before the new one takes memory
                graph = read_only(build_projection(driver, database, key[1]))
                self._store(key, _Entry(version, graph))
                return graph
        finally:
            self._leave(key, slot)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def _enter(self, key: tuple) -> _Slot:
        with self._lock:
            slot = self._slots.setdefault(key, _Slot())
            slot.users += 1
            return slot

    def _leave(self, key: tuple, slot: _Slot) -> None:
        with self._lock:
            slot.users -= 1
            if slot.users == 0:
                del self._slots[key]

    def _lookup(self, key: tuple, version: GraphVersion) -> nx.Graph | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None or entry.version != version:
                return None
            self._entries.move_to_end(key)
            return entry.graph

    def _discard(self, key: tuple) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def _store(self, key: tuple, entry: _Entry) -> None:
        with self._lock:
            self.builds += 1
            if self.size <= 0:
                return
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


def read_only(G: nx.Graph) -> nx.Graph:
    """Freeze ``G`` (no node or edge can be added or removed) and make its graph, node and edge
    attribute mappings read-only. Attribute values that are lists are shared as they are.

    >>> G = read_only(nx.Graph([(1, 2)], name="demo"))
    >>> G.add_edge(2, 3)
    Traceback (most recent call last):
    ...
    networkx.exception.NetworkXError: Frozen graph can't be modified
    >>> G.nodes[1]["name"] = "x"
    Traceback (most recent call last):
    ...
    TypeError: 'mappingproxy' object does not support item assignment
    >>> G.copy().add_edge(2, 3)
    """
    for node, data in G._node.items():
        G._node[node] = MappingProxyType(data)
    for u, neighbours in G._adj.items():
        for v, data in neighbours.items():
            if not isinstance(data, MappingProxyType):
                shared = MappingProxyType(data)
                neighbours[v] = shared
                G._adj[v][u] = shared
    G.graph = MappingProxyType(G.graph)
    return nx.freeze(G)


def _size_from_environment() -> int:
    text = os.environ.get("INNOGRAPH_PROJECTION_CACHE", "").strip()
    return int(text) if text.isdigit() else DEFAULT_SIZE


PROJECTIONS = ProjectionCache(_size_from_environment())


def projection(driver: Driver, database: str, flt: Selection | None = None) -> nx.Graph:
    """The process's shared, read-only projection for ``flt`` (see :class:`ProjectionCache`)."""
    return PROJECTIONS.get(driver, database, flt)
