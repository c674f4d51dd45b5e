// Every relationship whose both ends are among the given element ids (the induced subgraph).
UNWIND $eids AS eid
MATCH (a)-[r]->(b)
WHERE elementId(a) = eid AND elementId(b) IN $eids
RETURN type(r) AS type, elementId(a) AS start, elementId(b) AS end, properties(r) AS props
