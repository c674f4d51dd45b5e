// Organisations passing every given filter (a null filter lets all pass).
MATCH (o:Organisation)
WHERE ($kinds IS NULL OR any(k IN labels(o) WHERE k IN $kinds))
  AND ($regions IS NULL OR o.region IN $regions
       OR EXISTS { (o)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..3]->(r:Region) WHERE r.id IN $regions })
  AND ($clusters IS NULL
       OR EXISTS { (o)-[:MEMBER_OF|PARTNER_OF]->(c:ClusterInitiative) WHERE c.id IN $clusters }
       OR EXISTS { (c:ClusterInitiative)-[:CARRIED_BY]->(o) WHERE c.id IN $clusters })
  AND ($fields IS NULL
       OR EXISTS { (o)-[:WORKS_ON]->(:TechnologyField)-[:BROADER*0..3]->(f:TechnologyField) WHERE f.id IN $fields }
       OR EXISTS { (o)-[:PARTICIPATES_IN]->(:Project)-[:IN_FIELD]->(:TechnologyField)-[:BROADER*0..3]->(f:TechnologyField)
                   WHERE f.id IN $fields }
       OR EXISTS { (o)-[:MEMBER_OF|PARTNER_OF]->(:ClusterInitiative)-[:FOCUSES_ON]->(:TechnologyField)-[:BROADER*0..3]->(f:TechnologyField)
                   WHERE f.id IN $fields })
RETURN elementId(o) AS eid
