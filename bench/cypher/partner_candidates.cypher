MATCH (o:Organisation {id: $id})-[r1:COLLABORATES_WITH]-(p:Organisation)
WITH o, p ORDER BY r1.weight DESC LIMIT $max_partners
CALL (o, p) {
  MATCH (p)-[r2:COLLABORATES_WITH]-(c:Organisation)
  WHERE c <> o
  WITH c, r2 ORDER BY r2.weight DESC LIMIT $max_fanout
  RETURN c
}
WITH o, c, count(p) AS common, sum(1.0 / COUNT { (p)-[:COLLABORATES_WITH]-() }) AS score
WHERE NOT (o)-[:COLLABORATES_WITH]-(c)
RETURN c.id AS id, c.name AS name, common, score
ORDER BY score DESC, id LIMIT $top
