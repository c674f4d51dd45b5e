// How many relationships the induced subgraph of the given element ids keeps (collaboration ties
// filtered as the selection says): the export page's figure, without reading a property map.
UNWIND $eids AS eid
MATCH (a)-[r]->(b)
WHERE elementId(a) = eid AND elementId(b) IN $eids
  AND (type(r) <> 'COLLABORATES_WITH'
       OR (($min_weight IS NULL OR coalesce(r.weight, 0) >= $min_weight)
           AND ($year_from IS NULL OR r.last_year IS NULL OR r.last_year >= $year_from)
           AND ($year_to IS NULL OR r.first_year IS NULL OR r.first_year <= $year_to)))
RETURN count(r) AS relationships
