// The ids of the organisations a node filter keeps (the same rules as projection_nodes), without their attributes.
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
RETURN collect(o.id) AS ids
