MATCH (o:Organisation)-[m:MEMBER_OF|PARTNER_OF|WORKS_ON]->(x)
WHERE x.id IN $ids AND (type(m) <> 'PARTNER_OF' OR $include_partners)
RETURN o.id AS org, x.id AS other, type(m) AS relation, null AS via
UNION
// one hierarchy step: the entities of a member group, the university of a member institute
MATCH (p:Organisation)-[:SUBUNIT_OF]-(o:Organisation)-[m:MEMBER_OF|PARTNER_OF]->(x:ClusterInitiative)
WHERE x.id IN $ids AND NOT $no_hierarchy AND (type(m) <> 'PARTNER_OF' OR $include_partners)
  AND NOT EXISTS { (p)-[:MEMBER_OF|PARTNER_OF]->(x) }
RETURN p.id AS org, x.id AS other, type(m) AS relation, coalesce(o.name, o.id) AS via
