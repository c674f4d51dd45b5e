// The cluster initiatives that have published members: the groups the agenda is computed for.
MATCH (c:ClusterInitiative)<-[:MEMBER_OF]-(:Organisation)
RETURN c.id AS id, c.name AS name, count(*) AS members
ORDER BY c.name
