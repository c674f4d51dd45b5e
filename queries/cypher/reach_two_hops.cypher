// Which of $firms the organisation $source reaches over collaboration ties (of at least $min_weight): directly, or
// through common partners (only those in $allowed when it is a list), strongest combined tie first.
MATCH (s:Organisation {id: $source})
UNWIND $firms AS firm_id
MATCH (f:Organisation {id: firm_id})
WHERE f <> s
WITH s, f, EXISTS { (s)-[d:COLLABORATES_WITH]-(f) WHERE coalesce(d.weight, 1) >= $min_weight } AS direct
CALL (s, f, direct) {
  OPTIONAL MATCH (s)-[r1:COLLABORATES_WITH]-(m:Organisation)-[r2:COLLABORATES_WITH]-(f)
  WHERE NOT direct AND m <> s AND m <> f AND coalesce(r1.weight, 1) >= $min_weight
    AND coalesce(r2.weight, 1) >= $min_weight AND ($allowed IS NULL OR m.id IN $allowed)
  WITH DISTINCT m, coalesce(r1.weight, 1) + coalesce(r2.weight, 1) AS strength
  ORDER BY strength DESC, m.id
  RETURN [x IN collect({id: m.id, name: coalesce(m.name, m.id), kind: coalesce(m.kind, 'Other')}) WHERE x.id IS NOT NULL] AS via
}
WITH f, direct, via
WHERE direct OR size(via) > 0
RETURN f.id AS id, coalesce(f.name, f.id) AS name, coalesce(f.kind, 'Other') AS kind, direct, via
