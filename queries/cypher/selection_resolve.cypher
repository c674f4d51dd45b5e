// Nodes (with label $label, or any label when it is null) whose id, name or acronym is one of $values.
UNWIND $values AS value
OPTIONAL MATCH (n)
WHERE ($label IS NULL OR $label IN labels(n))
  AND (n.id = value OR toLower(n.name) = toLower(value) OR toLower(n.acronym) = toLower(value))
RETURN value, collect(n.id) AS ids, collect(elementId(n)) AS eids
