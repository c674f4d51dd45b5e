// Each collaboration tie once, as lean lists per organisation (partner ids and weights): enough for degrees,
// strengths and components without building a graph object. Ties below $min_weight are left out.
MATCH (o:Organisation)-[r:COLLABORATES_WITH]->(b:Organisation)
WHERE coalesce(r.weight, 1) >= $min_weight AND b <> o
RETURN o.id AS id, collect(b.id) AS partners, collect(toFloat(coalesce(r.weight, 1))) AS weights
