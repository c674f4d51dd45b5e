// Projects of the selected organisations that started within the years (null bounds are open).
UNWIND $organisations AS eid
MATCH (o:Organisation)-[:PARTICIPATES_IN]->(p:Project)
WHERE elementId(o) = eid
  AND ($year_from IS NULL OR p.start_year >= $year_from)
  AND ($year_to IS NULL OR p.start_year <= $year_to)
RETURN DISTINCT elementId(p) AS eid
