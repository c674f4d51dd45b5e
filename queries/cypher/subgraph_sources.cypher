// The Source nodes with the given ids (provenance and attribution of an export).
MATCH (s:Source)
WHERE s.id IN $ids
RETURN labels(s) AS labels, properties(s) AS props
ORDER BY s.id
