// Every node one relationship away from the ego node (either direction, any type).
MATCH (ego)-[]-(m)
WHERE elementId(ego) = $eid
RETURN DISTINCT elementId(m) AS eid
