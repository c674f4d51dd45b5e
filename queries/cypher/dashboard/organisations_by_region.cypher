// Organisations per region they are LOCATED_IN (organisations without a region count as key '').
MATCH (o:Organisation)
OPTIONAL MATCH (o)-[:LOCATED_IN]->(r:Region)
WITH coalesce(r.id, '') AS key, coalesce(r.name, '') AS name, count(DISTINCT o) AS n
RETURN key, name, null AS name_de, n
ORDER BY n DESC, name
LIMIT $limit
