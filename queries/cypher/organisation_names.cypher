MATCH (o:Organisation)
WHERE o.id IN $ids
RETURN o.id AS id, coalesce(o.name, o.id) AS name, coalesce(o.kind, 'Other') AS kind
