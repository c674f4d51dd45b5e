// One cluster ($cluster) opened on the map: its members (one SUBUNIT_OF step counts unless
// $no_hierarchy; `stated` says whether the membership is written down) and every partner they
// collaborate with, with the tie's weight and the partner's place (region, country).
MATCH (c:ClusterInitiative {id: $cluster})
MATCH (o:Organisation)-[h:SUBUNIT_OF*0..1]-(:Organisation)-[:MEMBER_OF]->(c)
WHERE size(h) = 0 OR NOT $no_hierarchy
WITH c, o, min(size(h)) = 0 AS stated
OPTIONAL MATCH (o)-[r:COLLABORATES_WITH]-(p:Organisation)
WHERE coalesce(r.weight, 1) >= $min_weight
WITH c, o, stated, p, max(coalesce(r.weight, 1)) AS weight
RETURN coalesce(c.name, c.id) AS cluster_name, o.id AS id, coalesce(o.name, o.id) AS name, o.kind AS kind, o.region AS region, o.country AS country,
       stated,
       [x IN collect(CASE WHEN p IS NULL THEN NULL
                     ELSE {id: p.id, name: coalesce(p.name, p.id), kind: p.kind, region: p.region,
                           country: p.country, weight: weight} END) WHERE x IS NOT NULL] AS partners
ORDER BY id
