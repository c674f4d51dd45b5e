// Labels and properties of the nodes with the given element ids.
UNWIND $eids AS eid
MATCH (n)
WHERE elementId(n) = eid
RETURN eid, labels(n) AS labels, properties(n) AS props
