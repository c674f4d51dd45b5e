// The projection's nodes: the organisations of the one selection filter ($eids from
// selection_organisations, null for all) with their clusters and fields.
MATCH (o:Organisation)
WHERE $eids IS NULL OR elementId(o) IN $eids
CALL (o) {
  OPTIONAL MATCH (o)-[m:MEMBER_OF|PARTNER_OF]->(c:ClusterInitiative)
  WHERE type(m) = 'MEMBER_OF' OR $include_partners
  RETURN [x IN collect(DISTINCT c.id) WHERE x IS NOT NULL] AS clusters
}
// one hierarchy step: a group's membership covers its entities, an institute's its university
CALL (o) {
  OPTIONAL MATCH (o)-[:SUBUNIT_OF]-(x:Organisation)-[m:MEMBER_OF|PARTNER_OF]->(c:ClusterInitiative)
  WHERE NOT $no_hierarchy AND (type(m) = 'MEMBER_OF' OR $include_partners)
  RETURN [v IN collect(DISTINCT {cluster: c.id, via: coalesce(x.name, x.id)}) WHERE v.cluster IS NOT NULL] AS via
}
CALL (o) {
  OPTIONAL MATCH (o)-[:WORKS_ON]->(f:TechnologyField)
  RETURN [x IN collect(DISTINCT f.id) WHERE x IS NOT NULL] AS fields
}
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.region AS region, o.sme AS sme,
       clusters, via, fields
