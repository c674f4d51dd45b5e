// The cluster map's nodes: every cluster initiative with its number of stated members.
MATCH (c:ClusterInitiative)
RETURN c.id AS id, coalesce(c.name, c.id) AS name,
       COUNT { (:Organisation)-[:MEMBER_OF]->(c) } AS members
ORDER BY members DESC, name
