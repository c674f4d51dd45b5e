// Organisations and cluster initiatives to choose from (transfer path endpoints, search).
MATCH (o:Organisation)
RETURN o.id AS id, coalesce(o.name, o.id) AS name, coalesce(o.kind, 'Other') AS kind
UNION ALL
MATCH (c:ClusterInitiative)
RETURN c.id AS id, coalesce(c.name, c.id) AS name, 'ClusterInitiative' AS kind
