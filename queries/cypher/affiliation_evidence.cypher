UNWIND $pairs AS pair
MATCH (o:Organisation {id: pair.org})-[m:MEMBER_OF|PARTNER_OF|WORKS_ON]->(x {id: pair.other})
RETURN o.id AS org, x.id AS other, type(m) AS relation, m.role AS role, m.since AS since,
       coalesce(m.sources, []) AS sources, m.as_of AS as_of
