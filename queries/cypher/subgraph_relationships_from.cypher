// One page of the induced subgraph's relationships: those starting at $starts and ending among $eids.
UNWIND $starts AS eid
MATCH (a)-[r]->(b)
WHERE elementId(a) = eid AND elementId(b) IN $eids
RETURN type(r) AS type, elementId(a) AS start, elementId(b) AS end, properties(r) AS props
