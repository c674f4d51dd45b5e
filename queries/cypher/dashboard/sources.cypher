// Every data source with its licence, retrieval date and how many nodes cite it.
MATCH (s:Source)
RETURN s.id AS id, coalesce(s.name, s.id) AS name, s.licence AS licence, s.url AS url,
       toString(s.retrieved) AS retrieved, s.attribution AS attribution,
       COUNT { MATCH (n) WHERE s.id IN n.sources } AS nodes
ORDER BY name
