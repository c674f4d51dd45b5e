// Every data source with its licence, retrieval date and how many nodes cite it (load runs, which list
// the sources they loaded, are not citations). One pass over the citing nodes, not one per source.
CALL () {
  MATCH (n) WHERE n.sources IS NOT NULL AND NOT n:LoadRun
  UNWIND n.sources AS cited
  WITH DISTINCT n, cited
  WITH cited, count(*) AS nodes
  RETURN collect([cited, nodes]) AS counts
}
MATCH (s:Source)
RETURN s.id AS id, coalesce(s.name, s.id) AS name, s.licence AS licence, s.url AS url,
       toString(s.retrieved) AS retrieved, s.attribution AS attribution,
       coalesce(head([c IN counts WHERE c[0] = s.id | c[1]]), 0) AS nodes
ORDER BY name
