// The cluster initiatives of a filter selection: the chosen ones, or else those the organisations belong to.
MATCH (c:ClusterInitiative)
WHERE CASE
  WHEN $clusters IS NOT NULL THEN c.id IN $clusters
  ELSE EXISTS { (c)<-[:MEMBER_OF|PARTNER_OF]-(o:Organisation) WHERE elementId(o) IN $organisations }
       OR EXISTS { (c)-[:CARRIED_BY]->(o:Organisation) WHERE elementId(o) IN $organisations }
END
RETURN elementId(c) AS eid
