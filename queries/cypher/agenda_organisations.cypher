// Every organisation with its kind, place, SME and founding facts, the clusters it is a member of and
// its participations (project, role, EC contribution); one record with one list. With $projects
// (element ids, else null) only cluster members and the participants of those projects, and only
// their participations in them.
MATCH (o:Organisation)
WHERE $projects IS NULL OR EXISTS { (o)-[:MEMBER_OF]->(:ClusterInitiative) }
   OR EXISTS { MATCH (o)-[:PARTICIPATES_IN]->(q:Project) WHERE elementId(q) IN $projects }
OPTIONAL MATCH (o)-[:MEMBER_OF]->(c:ClusterInitiative)
WITH o, collect(DISTINCT c.id) AS clusters
OPTIONAL MATCH (o)-[r:PARTICIPATES_IN]->(p:Project)
WHERE $projects IS NULL OR elementId(p) IN $projects
WITH o, clusters, collect(CASE WHEN p IS NULL THEN NULL ELSE [p.id, r.role, r.contribution] END) AS participations
RETURN collect([o.id, o.name, labels(o), o.country, o.region, o.sme, o.founded, clusters, participations]) AS rows
