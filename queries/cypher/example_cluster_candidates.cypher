// Cluster managers: organisations outside a cluster ($cluster) that already work with at least two members.
MATCH (c:ClusterInitiative)
WHERE c.id = $cluster OR toLower(c.name) = toLower($cluster)
MATCH (m:Organisation)-[:MEMBER_OF|PARTNER_OF]->(c)
MATCH (m)-[t:COLLABORATES_WITH]-(o:Organisation)
WHERE NOT (o)-[:MEMBER_OF|PARTNER_OF]->(c)
WITH o, count(DISTINCT m) AS members_worked_with, sum(t.weight) AS shared_projects, collect(DISTINCT m.name)[..5] AS via
WHERE members_worked_with >= 2
RETURN o.name AS candidate, o.kind AS kind, members_worked_with, shared_projects, via
ORDER BY members_worked_with DESC, shared_projects DESC, candidate
LIMIT 20
