MATCH (o:Organisation)
WHERE ($regions IS NULL OR o.region IN $regions
       OR EXISTS { (o)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(r:Region) WHERE r.id IN $regions })
  AND ($kinds IS NULL OR o.kind IN $kinds OR any(k IN $kinds WHERE k IN labels(o)))
  AND ($fields IS NULL OR EXISTS {
        MATCH (o)-[:WORKS_ON]->(f:TechnologyField) WHERE f.id IN $fields })
  AND ($clusters IS NULL OR EXISTS {
        MATCH (o)-[m:MEMBER_OF|PARTNER_OF]->(c:ClusterInitiative)
        WHERE c.id IN $clusters AND (type(m) = 'MEMBER_OF' OR $include_partners) })
CALL (o) {
  OPTIONAL MATCH (o)-[m:MEMBER_OF|PARTNER_OF]->(c:ClusterInitiative)
  WHERE type(m) = 'MEMBER_OF' OR $include_partners
  RETURN [x IN collect(DISTINCT c.id) WHERE x IS NOT NULL] AS clusters
}
CALL (o) {
  OPTIONAL MATCH (o)-[:WORKS_ON]->(f:TechnologyField)
  RETURN [x IN collect(DISTINCT f.id) WHERE x IS NOT NULL] AS fields
}
RETURN o.id AS id, o.name AS name, o.kind AS kind, o.region AS region, o.sme AS sme,
       clusters, fields
