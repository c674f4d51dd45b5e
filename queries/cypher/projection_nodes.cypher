// The projection's nodes: the organisations of the one selection filter ($eids from
// selection_organisations, null for all). Their clusters, hierarchy steps and fields come from
// projection_node_clusters / _via / _fields: few organisations have any, and a subquery per
// organisation cost more than the node rows themselves on the national graph.
CALL () {
  WITH 1 AS one WHERE $eids IS NULL
  MATCH (o:Organisation) RETURN o
  UNION ALL
  UNWIND coalesce($eids, []) AS eid
  MATCH (o:Organisation) WHERE elementId(o) = eid RETURN o
}
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.region AS region, o.sme AS sme
