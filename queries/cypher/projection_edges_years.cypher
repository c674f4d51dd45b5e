MATCH (a:Organisation)-[r:COLLABORATES_WITH]->(b:Organisation)
WHERE coalesce(r.last_year, $year_to) >= $year_from
  AND coalesce(r.first_year, $year_from) <= $year_to
CALL (r) {
  UNWIND coalesce(r.projects, []) AS pid
  MATCH (p:Project {id: pid})
  WHERE p.start_year >= $year_from AND p.start_year <= $year_to
  RETURN collect(p.id) AS projects
}
WITH a, b, projects
WHERE size(projects) > 0 AND size(projects) >= $min_weight
RETURN a.id AS source, b.id AS target, size(projects) AS weight, projects
