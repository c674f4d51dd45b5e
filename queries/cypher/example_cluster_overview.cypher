// Policy analysts: every cluster initiative with its members, SME members and technology fields.
MATCH (c:ClusterInitiative)
OPTIONAL MATCH (c)<-[:MEMBER_OF]-(m:Organisation)
WITH c, count(DISTINCT m) AS members, count(DISTINCT CASE WHEN m.sme THEN m END) AS sme_members
OPTIONAL MATCH (c)-[:FOCUSES_ON]->(f:TechnologyField)
RETURN c.name AS cluster, c.label AS label, members, sme_members, collect(DISTINCT f.name) AS fields
ORDER BY members DESC, cluster
