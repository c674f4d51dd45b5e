// The clusters of the projection's organisations ($eids as in projection_nodes): one row per organisation
// that has any.
CALL () {
  WITH 1 AS one WHERE $eids IS NULL
  MATCH (o:Organisation) RETURN o
  UNION ALL
  UNWIND coalesce($eids, []) AS eid
  MATCH (o:Organisation) WHERE elementId(o) = eid RETURN o
}
MATCH (o)-[m:MEMBER_OF|PARTNER_OF]->(c:ClusterInitiative)
WHERE type(m) = 'MEMBER_OF' OR $include_partners
RETURN o.id AS id, collect(DISTINCT c.id) AS clusters
