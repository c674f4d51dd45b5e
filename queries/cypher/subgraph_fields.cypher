// The technology fields of a filter selection: the chosen ones, or else those the clusters focus on.
MATCH (f:TechnologyField)
WHERE CASE
  WHEN $fields IS NOT NULL THEN f.id IN $fields
  ELSE EXISTS { (c:ClusterInitiative)-[:FOCUSES_ON]->(f) WHERE elementId(c) IN $clusters }
END
RETURN elementId(f) AS eid
