// Every organisation the projection gives a cluster: a member (with $include_partners also a partner) or,
// unless $no_hierarchy, one SUBUNIT_OF step from one; only those in $allowed when it is a list.
MATCH (:ClusterInitiative)<-[m:MEMBER_OF|PARTNER_OF]-(x:Organisation)
WHERE type(m) = 'MEMBER_OF' OR $include_partners
OPTIONAL MATCH (x)-[:SUBUNIT_OF]-(y:Organisation)
WHERE NOT $no_hierarchy
WITH x, collect(y) AS near
UNWIND [x] + near AS o
WITH DISTINCT o
WHERE $allowed IS NULL OR o.id IN $allowed
RETURN elementId(o) AS eid, o.id AS id
