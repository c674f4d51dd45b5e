MATCH (o:Organisation)
WHERE ($regions IS NULL OR o.region IN $regions
       OR EXISTS { (o)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(r:Region) WHERE r.id IN $regions })
  AND ($kinds IS NULL OR o.kind IN $kinds OR any(k IN $kinds WHERE k IN labels(o)))
  AND ($fields IS NULL OR EXISTS {
        MATCH (o)-[:WORKS_ON]->(f:TechnologyField) WHERE f.id IN $fields })
  AND ($clusters IS NULL OR EXISTS {
        MATCH (o)-[h:SUBUNIT_OF*0..1]-(:Organisation)-[m:MEMBER_OF|PARTNER_OF]->(c:ClusterInitiative)
        WHERE c.id IN $clusters AND (type(m) = 'MEMBER_OF' OR $include_partners)
          AND (size(h) = 0 OR NOT $no_hierarchy) })
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
