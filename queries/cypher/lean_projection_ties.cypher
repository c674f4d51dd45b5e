// one record per organisation with its ties' other ends and weights: far fewer records than one per tie
MATCH (a:Organisation)-[r:COLLABORATES_WITH]->(b:Organisation)
WHERE coalesce(r.weight, 1) >= $min_weight
RETURN a.id AS source, collect(b.id) AS targets, collect(toFloat(coalesce(r.weight, 1))) AS weights
