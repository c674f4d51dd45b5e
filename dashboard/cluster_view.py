"""Drawings of the cluster map: the clusters overview and one cluster opened on its partners.

Pure functions of a :mod:`queries.cluster_map` result and a text function (the page's language),
so the same data always gives the same picture. Only the largest nodes carry a label on the
canvas; every node and tie explains itself on hover.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Callable

from .graph_view import KIND_COLOURS, OTHER_COLOUR, PALETTE, Drawing, LegendEntry, scaled, short_label
from .network_html import MapEdge, MapNode

if TYPE_CHECKING:
    from queries.cluster_map import ClusterMap, ClusterView

LABELLED_CLUSTERS = 8
LABELLED_ACTORS = 20
CLUSTER_EDGE = "rgba(90,90,90,0.45)"
PARTNER_EDGE = "rgba(130,130,130,0.35)"
PLACE_COLOUR = "#d9d9d9"
MEMBER_EDGE = "rgba(200,160,0,0.5)"
MEMBER_BONUS = 6.0  # members stay visibly larger than partners with as many ties
HUB_PREFIX = "hub:"  # the opened cluster's own node; not a graph id, so it never meets a profile

Text = Callable[..., str]


def clusters_drawing(cmap: ClusterMap, text: Text) -> Drawing:
    """One node per cluster sized by its members, one edge per pair of clusters whose members collaborate."""
    ordered = sorted(cmap.clusters, key=lambda c: (-c.members, c.name.casefold(), c.id))
    colours = {c.id: PALETTE[i % len(PALETTE)] for i, c in enumerate(ordered)}  # grey: no member known
    sizes = scaled({c.id: float(c.members) for c in ordered})
    labelled = {c.id for c in ordered[:LABELLED_CLUSTERS] if c.members}
    names = {c.id: c.name for c in ordered}
    nodes = [
        MapNode(id=c.id, label=short_label(c.name) if c.id in labelled else "",
                tooltip=[c.name, text("map.tip.members", n=c.members), text("map.tip.inner", n=c.inner_ties)],
                color=colours[c.id] if c.members else OTHER_COLOUR, size=sizes[c.id], shape="dot")
        for c in ordered
    ]
    edges = [
        MapEdge(tie.a, tie.b, float(tie.ties), color=CLUSTER_EDGE,
                tooltip=[f"{names.get(tie.a, tie.a)} – {names.get(tie.b, tie.b)}",
                         text("map.tip.ties", n=tie.ties, w=round(tie.weight))])
        for tie in cmap.ties
    ]
    legend = [LegendEntry(c.name, colours[c.id], c.members) for c in ordered if c.members]
    choices = [(c.id, c.name) for c in ordered]
    return Drawing(nodes, edges, legend, choices)


def cluster_drawing(view: ClusterView, text: Text, kind_label: Callable[[str], str]) -> Drawing:
    """The cluster in the middle tied to its members (ringed), partners coloured by kind, partners
    outside BW as one node per place. The membership edges keep members without ties in the picture."""
    members = {a.id for a in view.actors if a.member}
    degree = Counter()
    for tie in view.ties:
        degree[tie.source] += tie.ties
        degree[tie.target] += tie.ties
    value = {a.id: float(degree[a.id]) * (2 if a.member else 1) for a in view.actors}
    sizes = {key: size + (MEMBER_BONUS if key in members else 0.0) for key, size in scaled(value).items()}
    ranked = sorted(view.actors, key=lambda a: (-value[a.id], a.name.casefold(), a.id))
    labelled = {a.id for a in ranked[:LABELLED_ACTORS]} | {a.id for a in view.actors if a.aggregate}
    nodes = [MapNode(HUB_PREFIX + view.cluster, short_label(view.name), [view.name, text("map.tip.members", n=len(members))],
                     KIND_COLOURS["ClusterInitiative"], 45.0, shape="diamond", border="#000000")]
    groups = Counter()
    for actor in sorted(view.actors, key=lambda a: a.id):
        if actor.aggregate:
            name = text(f"map.place.{actor.place}", n=actor.aggregate)
            nodes.append(MapNode(actor.id, name, [name, text("map.tip.aggregate")], PLACE_COLOUR,
                                 max(sizes[actor.id], 20.0), shape="box"))
            continue
        kind = kind_label(actor.kind)
        groups[kind] += 1
        role = text("map.tip.member") if actor.stated else text("map.tip.member_via")
        tooltip = [actor.name, kind, role if actor.member else text("map.tip.partner"),
                   text(f"map.where.{actor.place}")]
        nodes.append(MapNode(actor.id, short_label(actor.name) if actor.id in labelled else "", tooltip,
                             KIND_COLOURS.get(actor.kind, OTHER_COLOUR), sizes[actor.id],
                             border="#000000" if actor.member else None))
    names = {a.id: (text(f"map.place.{a.place}", n=a.aggregate) if a.aggregate else a.name) for a in view.actors}
    edges = [MapEdge(HUB_PREFIX + view.cluster, m, 1.0, [text("map.tip.member")], MEMBER_EDGE, dashes=True)
             for m in sorted(members)]
    edges += [MapEdge(t.source, t.target, t.weight, color=PARTNER_EDGE,
                     tooltip=[f"{names[t.source]} – {names[t.target]}", text("map.tip.ties", n=t.ties, w=round(t.weight))])
             for t in view.ties]
    legend = [LegendEntry(k, _kind_colour(k, kind_label), n) for k, n in sorted(groups.items(), key=lambda x: (-x[1], x[0]))]
    choices = sorted(((a.id, a.name) for a in view.actors if not a.aggregate), key=lambda c: (c[1].casefold(), c[0]))
    return Drawing(nodes, edges, legend, choices)


def _kind_colour(label: str, kind_label: Callable[[str], str]) -> str:
    return next((colour for kind, colour in KIND_COLOURS.items() if kind_label(kind) == label), OTHER_COLOUR)
