// Every data source with its licence, retrieval date and how many nodes cite it (load runs, which list
// the sources they loaded, are not citations).
MATCH (s:Source)
RETURN s.id AS id, coalesce(s.name, s.id) AS name, s.licence AS licence, s.url AS url,
       toString(s.retrieved) AS retrieved, s.attribution AS attribution,
       COUNT { MATCH (n) WHERE s.id IN n.sources AND NOT n:LoadRun } AS nodes
ORDER BY name
