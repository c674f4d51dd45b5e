// One hop of the candidates' expansion: the collaboration ties of the organisations $ids (of at least
// $min_weight, to organisations in $allowed when it is a list), strongest first. total: how many there are;
// kept: all of them, or the $limit strongest when $limit > 0 (hubs bounded). With $degrees, each partner's
// number of ties in the whole graph (read from the degree store), for partners not expanded; without, the
// CASE skips the count (a step that listed the kept ties again cost a quarter of the second hop's read).
UNWIND $ids AS id
MATCH (a:Organisation {id: id})
CALL (a) {
  MATCH (a)-[r:COLLABORATES_WITH]-(b:Organisation)
  WHERE b <> a AND coalesce(r.weight, 1) >= $min_weight AND ($allowed IS NULL OR b.id IN $allowed)
  WITH b, coalesce(r.weight, 1) AS weight
  ORDER BY weight DESC, b.id
  WITH collect({id: b.id, eid: elementId(b), weight: weight,
                degree: CASE WHEN $degrees THEN COUNT { (b)-[:COLLABORATES_WITH]-() } END}) AS ties
  RETURN size(ties) AS total, CASE WHEN $limit > 0 THEN ties[..$limit] ELSE ties END AS kept
}
RETURN a.id AS source, elementId(a) AS eid, total, kept
