// The technology fields of the projection's organisations ($eids as in projection_nodes): one row per
// organisation that works on any.
MATCH (o:Organisation)-[:WORKS_ON]->(f:TechnologyField)
WHERE $eids IS NULL OR elementId(o) IN $eids
RETURN o.id AS id, collect(DISTINCT f.id) AS fields
