"""Named example queries for the console, one ``example_<name>.cypher`` file each.

They show each user group what the graph can answer and are starting points to edit; all are
plain reads that pass the console's guard. Required parameters are named in ``params``.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cypher import load_cypher
from .errors import NotFound

POLICY, CLUSTERS, RESEARCH = "policy analysts", "cluster managers", "researchers"


@dataclass(frozen=True)
class Example:
    """A named query: who it is for, what it answers, and which parameters it needs."""

    name: str
    group: str
    title: str
    params: tuple[str, ...] = ()

    @property
    def cypher(self) -> str:
        return load_cypher("example_" + self.name)

    def to_dict(self) -> dict:
        return {"name": self.name, "group": self.group, "title": self.title, "params": list(self.params),
                "cypher": self.cypher}


EXAMPLES: dict[str, Example] = {
    e.name: e
    for e in (
        Example("cluster_overview", POLICY, "Every cluster with its members, SME members and fields"),
        Example("cross_cluster_ties_in_field", POLICY, "Ties across clusters within a technology field", ("field",)),
        Example("participation_by_region", POLICY, "EU research participation and SMEs per region"),
        Example("cluster_bridges", CLUSTERS, "Members of a cluster with the most partners outside it", ("cluster",)),
        Example("cluster_candidates", CLUSTERS, "Non-members already working with two or more members", ("cluster",)),
        Example("cluster_network", CLUSTERS, "A cluster's members and their ties, as a map", ("cluster",)),
        Example("research_partners", RESEARCH, "Universities and institutes an organisation works with", ("organisation",)),
        Example("projects_of_organisation", RESEARCH, "The projects of an organisation, newest first", ("organisation",)),
        Example("collaboration_paths", RESEARCH, "Shortest chains of shared projects between two organisations",
                ("from", "to")),
    )
}


def example(name: str) -> Example:
    """The example called ``name``; an unknown name lists the known ones."""
    if name not in EXAMPLES:
        raise NotFound(f"there is no example query '{name}': try one of {', '.join(EXAMPLES)}")
    return EXAMPLES[name]
