// The one selection filter (docs/analytics.md, "The selection"): organisations passing every given
// filter; a null filter lets all pass. Regions include their sub-regions; fields include narrower
// fields and the fields of the organisation's projects; a cluster's organisations are its members
// (with $include_partners also its partners), and, unless $no_hierarchy, those one SUBUNIT_OF step
// from a member (a group's membership covers its entities, an institute's its university).
MATCH (o:Organisation)
WHERE ($kinds IS NULL OR o.kind IN $kinds OR any(k IN labels(o) WHERE k IN $kinds))
  AND ($regions IS NULL OR o.region IN $regions
       OR EXISTS { (o)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(r:Region) WHERE r.id IN $regions })
  AND ($clusters IS NULL OR EXISTS {
        MATCH (o)-[h:SUBUNIT_OF*0..1]-(:Organisation)-[m:MEMBER_OF|PARTNER_OF]->(c:ClusterInitiative)
        WHERE c.id IN $clusters AND (type(m) = 'MEMBER_OF' OR $include_partners)
          AND (size(h) = 0 OR NOT $no_hierarchy) })
  AND ($fields IS NULL
       OR EXISTS { (o)-[:WORKS_ON]->(:TechnologyField)-[:BROADER*0..3]->(f:TechnologyField) WHERE f.id IN $fields }
       OR EXISTS { (o)-[:PARTICIPATES_IN]->(:Project)-[:IN_FIELD]->(:TechnologyField)-[:BROADER*0..3]->(f:TechnologyField)
                   WHERE f.id IN $fields })
RETURN elementId(o) AS eid, o.id AS id
