"""Turn query results (subgraphs, paths) into drawable nodes and edges with colours, sizes and a legend.

Pure functions of their input, so that the same selection always gives the same picture.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Sequence

from .network_html import MapEdge, MapNode

if TYPE_CHECKING:
    from queries.actors import Actor
    from queries.paths import TransferPath
    from queries.subgraph_model import GraphNode, GraphRel, Subgraph

PALETTE = (
    "#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#eeca3b", "#b279a2", "#ff9da6",
    "#9d755d", "#bab0ac", "#1f77b4", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#393b79", "#637939",
)
OTHER_COLOUR = "#c7c7c7"
KIND_COLOURS = {
    "Firm": "#4c78a8",
    "University": "#e45756",
    "ResearchInstitute": "#f58518",
    "PublicBody": "#54a24b",
    "Ministry": "#2e7d32",
    "Intermediary": "#b279a2",
    "Other": "#9d9d9d",
    "ClusterInitiative": "#eeca3b",
    "TechnologyField": "#72b7b2",
    "Project": "#bab0ac",
    "Region": "#9d755d",
}
COLOUR_MODES = ("kind", "cluster", "community")
SIZE_MODES = ("degree", "betweenness", "pagerank")
MIN_SIZE, MAX_SIZE = 8.0, 40.0
NONE_KEY = "—"
LABELLED_NODES = 40  # only the largest nodes carry a label on the canvas; every node has a tooltip
TIE_COLOUR = "rgba(110,110,110,0.35)"
AFFILIATION_COLOUR = "rgba(160,160,160,0.35)"


@dataclass(frozen=True)
class LegendEntry:
    key: str
    colour: str
    count: int


@dataclass(frozen=True)
class Drawing:
    """What the map page draws: nodes, edges, the legend and the node choices for the profile."""

    nodes: list[MapNode]
    edges: list[MapEdge]
    legend: list[LegendEntry]
    choices: list[tuple[str, str]]


def node_kind(labels: Iterable[str], props: dict) -> str:
    """``kind`` for organisations, else the node's primary label."""
    labels = list(labels)
    if "Organisation" in labels:
        return str(props.get("kind") or next((l for l in labels if l not in ("Organisation", "PublicBody")), "Other"))
    return labels[0] if labels else "Other"


def node_name(props: dict, fallback: str) -> str:
    return str(props.get("name") or props.get("acronym") or props.get("title") or fallback)


def subgraph_drawing(
    subgraph: Subgraph,
    *,
    colour_by: str = "kind",
    size_by: str = "degree",
    kind_label: Callable[[str], str] = str,
    highlight: str | None = None,
) -> Drawing:
    """Nodes coloured by kind, cluster or community and sized by a centrality, from a Subgraph."""
    names = {n.id: node_name(n.props, str(n.props.get("id", n.id))) for n in subgraph.nodes}
    kinds = {n.id: node_kind(n.labels, n.props) for n in subgraph.nodes}
    clusters = _clusters_by_node(subgraph, names, kinds)
    degree = Counter()
    for rel in subgraph.relationships:
        degree[rel.start] += 1
        degree[rel.end] += 1
    groups = {n.id: _group(n, colour_by, kinds, clusters, kind_label) for n in subgraph.nodes}
    colours = colour_map(groups.values(), fixed=_fixed_colours(colour_by, kind_label))
    sizes = scaled({n.id: _size_value(n.props, size_by, degree[n.id]) for n in subgraph.nodes})
    labelled = set(sorted(sizes, key=lambda key: (-sizes[key], key))[:LABELLED_NODES]) | {highlight}
    nodes = []
    for node in sorted(subgraph.nodes, key=lambda n: n.id):
        tooltip = [names[node.id], kind_label(kinds[node.id])]
        for key in ("city", "region"):
            if node.props.get(key):
                tooltip.append(str(node.props[key]))
        if clusters.get(node.id):
            tooltip.append(", ".join(clusters[node.id]))
        nodes.append(
            MapNode(
                id=node.id,
                label=short_label(names[node.id]) if node.id in labelled else "",
                tooltip=tooltip,
                color=colours[groups[node.id]],
                size=sizes[node.id],
                shape="diamond" if kinds[node.id] == "ClusterInitiative" else "dot",
                border="#000000" if node.id == highlight else None,
            )
        )
    edges = [_edge(rel) for rel in sorted(subgraph.relationships, key=lambda r: (r.start, r.end, r.type))]
    legend = legend_entries(groups.values(), colours)
    choices = sorted(((n.id, names[n.id]) for n in subgraph.nodes), key=lambda c: (c[1].casefold(), c[0]))
    return Drawing(nodes=nodes, edges=edges, legend=legend, choices=choices)


def colour_map(groups: Iterable[str], *, fixed: dict[str, str] | None = None) -> dict[str, str]:
    """A colour per group: fixed ones first, the rest from the palette by descending frequency.

    >>> colour_map(["b", "a", "b", "—"])
    {'b': '#4c78a8', 'a': '#f58518', '—': '#c7c7c7'}
    """
    fixed = fixed or {}
    counts = Counter(groups)
    ordered = sorted(counts, key=lambda g: (-counts[g], g))
    colours: dict[str, str] = {}
    free = iter(PALETTE)
    for group in ordered:
        if group in fixed:
            colours[group] = fixed[group]
        elif group == NONE_KEY:
            colours[group] = OTHER_COLOUR
        else:
            colours[group] = next(free, OTHER_COLOUR)
    return colours


def legend_entries(groups: Iterable[str], colours: dict[str, str]) -> list[LegendEntry]:
    counts = Counter(groups)
    return [LegendEntry(g, colours[g], counts[g]) for g in sorted(counts, key=lambda g: (-counts[g], g))]


def scaled(values: dict[str, float]) -> dict[str, float]:
    """Values mapped linearly onto node sizes between MIN_SIZE and MAX_SIZE.

    >>> scaled({"a": 0.0, "b": 1.0, "c": 0.5})
    {'a': 8.0, 'b': 40.0, 'c': 24.0}
    """
    if not values:
        return {}
    low, high = min(values.values()), max(values.values())
    if high <= low:
        return {key: (MIN_SIZE + MAX_SIZE) / 2 for key in values}
    return {key: MIN_SIZE + (value - low) / (high - low) * (MAX_SIZE - MIN_SIZE) for key, value in values.items()}


def path_drawing(paths: Sequence[TransferPath], *, kind_label: Callable[[str], str] = str) -> Drawing:
    """The k transfer paths as one network: endpoints large, each path's edges in its own colour."""
    nodes: dict[str, MapNode] = {}
    edges: dict[tuple[str, str], MapEdge] = {}
    legend: list[LegendEntry] = []
    if not paths:
        return Drawing([], [], [], [])
    ends = {paths[0].nodes[0].id, paths[0].nodes[-1].id}
    for index, path in enumerate(paths):
        colour = PALETTE[index % len(PALETTE)]
        legend.append(LegendEntry(str(index + 1), colour, len(path.hops)))
        for actor in path.nodes:
            if actor.id not in nodes:
                nodes[actor.id] = MapNode(
                    id=actor.id,
                    label=short_label(actor.name),
                    tooltip=[actor.name, kind_label(getattr(actor, "label", "") or "")],
                    color=KIND_COLOURS.get(getattr(actor, "label", ""), OTHER_COLOUR),
                    size=30.0 if actor.id in ends else 16.0,
                    border="#000000" if actor.id in ends else None,
                )
        for hop in path.hops:
            key = tuple(sorted((_actor_id(hop.source), _actor_id(hop.target))))
            if key not in edges:
                edges[key] = MapEdge(
                    source=key[0],
                    target=key[1],
                    weight=float(getattr(hop, "weight", 1) or 1),
                    tooltip=[str(hop.kind)],
                    color=colour,
                    dashes=hop.kind != "collaboration",
                    width=3.0,
                )
    choices = sorted(((n.id, n.label) for n in nodes.values()), key=lambda c: c[1].casefold())
    return Drawing(list(nodes.values()), list(edges.values()), legend, choices)


def _actor_id(value: Actor | str) -> str:
    return value if isinstance(value, str) else value.id


def _clusters_by_node(subgraph: Subgraph, names: dict[str, str], kinds: dict[str, str]) -> dict[str, list[str]]:
    clusters: dict[str, set[str]] = {}
    for node in subgraph.nodes:
        stated = node.props.get("cluster_names") or []
        if stated:
            clusters[node.id] = set(map(str, stated))
    for rel in subgraph.relationships:
        if rel.type in ("MEMBER_OF", "PARTNER_OF") and kinds.get(rel.end) == "ClusterInitiative":
            clusters.setdefault(rel.start, set()).add(names[rel.end])
    for node in subgraph.nodes:
        if kinds[node.id] == "ClusterInitiative":
            clusters[node.id] = {names[node.id]}
    return {key: sorted(value) for key, value in clusters.items()}


def _group(node: GraphNode, colour_by: str, kinds: dict, clusters: dict, kind_label: Callable[[str], str]) -> str:
    if colour_by == "cluster":
        found = clusters.get(node.id)
        return found[0] if found else NONE_KEY
    if colour_by == "community":
        value = node.props.get("community")
        return NONE_KEY if value is None else str(value)
    return kind_label(kinds[node.id])


def _fixed_colours(colour_by: str, kind_label: Callable[[str], str]) -> dict[str, str]:
    if colour_by != "kind":
        return {}
    return {kind_label(kind): colour for kind, colour in KIND_COLOURS.items()}


def _size_value(props: dict, size_by: str, degree: int) -> float:
    if size_by != "degree":
        value = props.get(size_by)
        if isinstance(value, (int, float)):
            return float(value)
    return float(degree)


def _edge(rel: GraphRel) -> MapEdge:
    weight = rel.props.get("weight") or 1
    if rel.type == "COLLABORATES_WITH":
        projects = rel.props.get("projects") or []
        tooltip = [f"{rel.type}: {weight}"] + [str(p) for p in list(projects)[:5]]
        return MapEdge(rel.start, rel.end, float(weight), tooltip=tooltip, color=TIE_COLOUR)
    return MapEdge(rel.start, rel.end, 1.0, tooltip=[rel.type], color=AFFILIATION_COLOUR, dashes=True)


def short_label(name: str, limit: int = 32) -> str:
    """A canvas label: long names end in an ellipsis (the full name is on hover)."""
    return name if len(name) <= limit else name[: limit - 1] + "…"
