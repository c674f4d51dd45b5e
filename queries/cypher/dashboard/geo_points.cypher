// Organisations with coordinates for the geography page, optionally only some kinds or cluster members.
MATCH (o:Organisation)
WHERE ($kinds = [] OR coalesce(o.kind, 'Other') IN $kinds)
  AND ($clusters = [] OR EXISTS { (o)-[:MEMBER_OF|PARTNER_OF]->(c:ClusterInitiative) WHERE c.id IN $clusters })
WITH o, o.lat IS NOT NULL AND o.lon IS NOT NULL AS located
CALL (o, located) {
  OPTIONAL MATCH (o)-[:MEMBER_OF|PARTNER_OF]->(c:ClusterInitiative) WHERE located
  RETURN collect(DISTINCT c.name) AS clusters
}
RETURN o.id AS id, o.name AS name, coalesce(o.kind, 'Other') AS kind, o.city AS city,
       CASE WHEN located THEN toFloat(o.lat) END AS lat, CASE WHEN located THEN toFloat(o.lon) END AS lon,
       clusters, o.community AS community
ORDER BY o.name
