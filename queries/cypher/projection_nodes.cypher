// The projection's nodes: the organisations of the one selection filter ($eids from
// selection_organisations, null for all). Their clusters, hierarchy steps and fields come from
// projection_node_clusters / _via / _fields: few organisations have any, and a subquery per
// organisation cost more than the node rows themselves on the national graph.
MATCH (o:Organisation)
WHERE $eids IS NULL OR elementId(o) IN $eids
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.region AS region, o.sme AS sme
