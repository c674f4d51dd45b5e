// Every node at most two relationships away from the ego node (either direction, any type).
MATCH (ego)-[]-(m1)
WHERE elementId(ego) = $eid
OPTIONAL MATCH (m1)-[]-(m2)
WITH collect(DISTINCT elementId(m1)) + collect(DISTINCT elementId(m2)) AS eids
UNWIND eids AS eid
RETURN DISTINCT eid
