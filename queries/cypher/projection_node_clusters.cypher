// The clusters of the projection's organisations ($eids as in projection_nodes): one row per organisation
// that has any.
MATCH (o:Organisation)-[m:MEMBER_OF|PARTNER_OF]->(c:ClusterInitiative)
WHERE ($eids IS NULL OR elementId(o) IN $eids) AND (type(m) = 'MEMBER_OF' OR $include_partners)
RETURN o.id AS id, collect(DISTINCT c.id) AS clusters
