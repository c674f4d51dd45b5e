MATCH (o:Organisation)-[m:MEMBER_OF|PARTNER_OF|WORKS_ON]->(x)
WHERE x.id IN $ids AND (type(m) <> 'PARTNER_OF' OR $include_partners)
RETURN o.id AS org, x.id AS other, type(m) AS relation
