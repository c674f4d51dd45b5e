// One page of the induced subgraph's relationships, those starting at $starts and ending among $eids, as
// one row of [type, start, end, properties] lists: one record per relationship cost the driver twice the time.
UNWIND $starts AS eid
MATCH (a)-[r]->(b)
WHERE elementId(a) = eid AND elementId(b) IN $eids
RETURN collect([type(r), eid, elementId(b), properties(r)]) AS rels
