// organisations in a cluster, stated or through one hierarchy step (the whole graph's default): the
// only ones whose ties the cluster tie matrix counts
MATCH (o:Organisation)-[h:SUBUNIT_OF*0..1]-(:Organisation)-[:MEMBER_OF]->(:ClusterInitiative)
RETURN DISTINCT elementId(o) AS eid
