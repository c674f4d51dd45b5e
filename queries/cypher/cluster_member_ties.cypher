// the collaboration ties between the given organisations ($eids from cluster_member_eids)
UNWIND $eids AS eid
MATCH (a:Organisation)-[r:COLLABORATES_WITH]->(b:Organisation)
WHERE elementId(a) = eid AND elementId(b) IN $eids
RETURN a.id AS source, b.id AS target, coalesce(r.weight, 1) AS weight
