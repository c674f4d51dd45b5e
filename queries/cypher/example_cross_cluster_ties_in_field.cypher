// Policy analysts: collaboration ties from members of clusters in a technology field ($field, id or name,
// narrower fields included) to organisations in other clusters.
MATCH (f:TechnologyField)
WHERE f.id = $field OR toLower(f.name) = toLower($field)
MATCH (c1:ClusterInitiative)-[:FOCUSES_ON]->(:TechnologyField)-[:BROADER*0..3]->(f)
MATCH (a:Organisation)-[:MEMBER_OF|PARTNER_OF]->(c1)
MATCH (a)-[t:COLLABORATES_WITH]-(b:Organisation)-[:MEMBER_OF|PARTNER_OF]->(c2:ClusterInitiative)
WHERE c2 <> c1 AND NOT (a)-[:MEMBER_OF|PARTNER_OF]->(c2)
RETURN DISTINCT c1.name AS cluster, a.name AS organisation, b.name AS partner, c2.name AS partner_cluster,
       t.weight AS shared_projects
ORDER BY shared_projects DESC, cluster, organisation, partner
LIMIT 100
