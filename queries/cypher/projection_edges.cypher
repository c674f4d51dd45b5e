MATCH (a:Organisation)-[r:COLLABORATES_WITH]->(b:Organisation)
WHERE coalesce(r.weight, 1) >= $min_weight
RETURN a.id AS source, b.id AS target, coalesce(r.weight, 1) AS weight,
       coalesce(r.projects, []) AS projects
