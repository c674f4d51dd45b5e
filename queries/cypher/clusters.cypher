MATCH (c:ClusterInitiative)
CALL (c) {
  OPTIONAL MATCH (c)-[:FOCUSES_ON]->(f:TechnologyField)
  RETURN [x IN collect(DISTINCT f.id) WHERE x IS NOT NULL] AS fields
}
RETURN c.id AS id, c.name AS name, fields
ORDER BY c.name
