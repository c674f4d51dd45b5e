// Organisations per region: the Region they are LOCATED_IN, else the one their `region` property names.
MATCH (o:Organisation)
OPTIONAL MATCH (o)-[:LOCATED_IN]->(located:Region)
WITH o, coalesce(located.id, o.region) AS region_id
OPTIONAL MATCH (r:Region {id: region_id})
WITH coalesce(r.id, region_id, '') AS key, coalesce(r.name, region_id, '') AS name, count(DISTINCT o) AS n
RETURN key, name, null AS name_de, n
ORDER BY n DESC, name
LIMIT $limit
