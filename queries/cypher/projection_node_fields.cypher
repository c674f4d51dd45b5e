// The technology fields of the projection's organisations ($eids as in projection_nodes): one row per
// organisation that works on any.
CALL () {
  WITH 1 AS one WHERE $eids IS NULL
  MATCH (o:Organisation) RETURN o
  UNION ALL
  UNWIND coalesce($eids, []) AS eid
  MATCH (o:Organisation) WHERE elementId(o) = eid RETURN o
}
MATCH (o)-[:WORKS_ON]->(f:TechnologyField)
RETURN o.id AS id, collect(DISTINCT f.id) AS fields
