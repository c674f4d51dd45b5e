// Cluster managers: members of a cluster ($cluster, id or name) with the most partners outside it.
MATCH (c:ClusterInitiative)
WHERE c.id = $cluster OR toLower(c.name) = toLower($cluster)
MATCH (m:Organisation)-[:MEMBER_OF|PARTNER_OF]->(c)
MATCH (m)-[t:COLLABORATES_WITH]-(o:Organisation)
WHERE NOT (o)-[:MEMBER_OF|PARTNER_OF]->(c)
RETURN m.name AS member, count(DISTINCT o) AS outside_partners, sum(t.weight) AS shared_projects,
       collect(DISTINCT o.name)[..5] AS examples
ORDER BY outside_partners DESC, member
LIMIT 20
