// Cluster managers: a cluster ($cluster), its members and the ties among them, to see as a map.
MATCH (c:ClusterInitiative)
WHERE c.id = $cluster OR toLower(c.name) = toLower($cluster)
MATCH (m:Organisation)-[r:MEMBER_OF]->(c)
OPTIONAL MATCH (m)-[t:COLLABORATES_WITH]->(:Organisation)-[:MEMBER_OF]->(c)
RETURN c, m, r, t
LIMIT 1000
