// Organisations per technology field: directly (WORKS_ON) or through a cluster they belong to (FOCUSES_ON).
MATCH (f:TechnologyField)
CALL (f) {
  MATCH (f)<-[:WORKS_ON]-(o:Organisation) RETURN o
  UNION
  MATCH (f)<-[:FOCUSES_ON]-(:ClusterInitiative)<-[:MEMBER_OF]-(o:Organisation) RETURN o
}
WITH f, count(DISTINCT o) AS n
RETURN f.id AS key, coalesce(f.name_en, f.name, f.id) AS name, coalesce(f.name_de, f.name, f.id) AS name_de, n
ORDER BY n DESC, name
LIMIT $limit
