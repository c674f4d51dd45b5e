// The cluster map's edges: collaboration ties between the members of two clusters, counted as the
// tie matrix does (queries/ties.py): a membership covers one SUBUNIT_OF step unless $no_hierarchy,
// and a tie between members of {A, B} and {C} counts once for A–C and once for B–C.
MATCH (o:Organisation)-[h:SUBUNIT_OF*0..1]-(:Organisation)-[:MEMBER_OF]->(c:ClusterInitiative)
WHERE size(h) = 0 OR NOT $no_hierarchy
WITH o, collect(DISTINCT c.id) AS mine
MATCH (o)-[r:COLLABORATES_WITH]-(p:Organisation)
WHERE o.id < p.id AND coalesce(r.weight, 1) >= $min_weight
CALL (p) {
  MATCH (p)-[h:SUBUNIT_OF*0..1]-(:Organisation)-[:MEMBER_OF]->(d:ClusterInitiative)
  WHERE size(h) = 0 OR NOT $no_hierarchy
  RETURN collect(DISTINCT d.id) AS theirs
}
WITH o, p, mine, theirs, max(coalesce(r.weight, 1)) AS weight
UNWIND mine AS a
UNWIND theirs AS b
WITH DISTINCT o, p, weight, CASE WHEN a < b THEN a ELSE b END AS x, CASE WHEN a < b THEN b ELSE a END AS y
RETURN x AS a, y AS b, count(*) AS ties, sum(weight) AS weight
ORDER BY a, b
