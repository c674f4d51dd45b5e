// Every organisation with its kind, place, SME and founding facts, and the clusters it is a member of;
// with its participations (project, role, EC contribution).
MATCH (o:Organisation)
OPTIONAL MATCH (o)-[:MEMBER_OF]->(c:ClusterInitiative)
WITH o, collect(DISTINCT c.id) AS clusters
OPTIONAL MATCH (o)-[r:PARTICIPATES_IN]->(p:Project)
RETURN o.id AS id, o.name AS name, labels(o) AS labels, o.country AS country, o.region AS region,
       o.sme AS sme, o.founded AS founded, clusters,
       collect(CASE WHEN p IS NULL THEN NULL ELSE [p.id, r.role, r.contribution] END) AS participations
