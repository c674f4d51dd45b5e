// The natural id of each node with the given element ids (the export's order, before any property is read).
UNWIND $eids AS eid
MATCH (n)
WHERE elementId(n) = eid
RETURN eid, n.id AS id
