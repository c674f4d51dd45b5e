// Organisations a cluster source names (MEMBER_OF or PARTNER_OF): how many have a collaboration tie
// themselves, and how many directly or through one hierarchy step (SUBUNIT_OF either way).
MATCH (o:Organisation)
WHERE EXISTS { (o)-[:MEMBER_OF|PARTNER_OF]->(:ClusterInitiative) }
WITH o, EXISTS { (o)-[:COLLABORATES_WITH]-(:Organisation) } AS direct
RETURN count(o) AS named,
       count(CASE WHEN direct THEN 1 END) AS direct,
       count(CASE WHEN direct OR EXISTS {
         (o)-[:SUBUNIT_OF]-(:Organisation)-[:COLLABORATES_WITH]-(:Organisation) } THEN 1 END) AS through_hierarchy
