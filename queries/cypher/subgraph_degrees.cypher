// Degree of each candidate inside the chosen set ($eids), counting only the ties the selection keeps:
// the node limit ranks on this before any property is read.
UNWIND $candidates AS eid
MATCH (a) WHERE elementId(a) = eid
OPTIONAL MATCH (a)-[r]-(b)
WHERE elementId(b) IN $eids
  AND (type(r) <> 'COLLABORATES_WITH'
       OR (($min_weight IS NULL OR coalesce(r.weight, 0) >= $min_weight)
           AND ($year_from IS NULL OR r.last_year IS NULL OR r.last_year >= $year_from)
           AND ($year_to IS NULL OR r.first_year IS NULL OR r.first_year <= $year_to)))
RETURN eid, coalesce(toString(a.id), eid) AS id, count(r) + count(CASE WHEN a = b THEN 1 END) AS degree
