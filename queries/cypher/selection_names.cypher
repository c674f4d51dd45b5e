// Names of every node with label $label, for "did you mean" suggestions.
MATCH (n)
WHERE $label IN labels(n) AND n.name IS NOT NULL
RETURN n.name AS name, n.id AS id
ORDER BY id
