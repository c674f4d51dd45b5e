// Every organisation the projection gives the cluster $cluster (every cluster when null): a member (with
// $include_partners also a partner) or, unless $no_hierarchy, one SUBUNIT_OF step from one; only those in
// $allowed when it is a list.
MATCH (c:ClusterInitiative)<-[m:MEMBER_OF|PARTNER_OF]-(x:Organisation)
WHERE ($cluster IS NULL OR c.id = $cluster) AND (type(m) = 'MEMBER_OF' OR $include_partners)
OPTIONAL MATCH (x)-[:SUBUNIT_OF]-(y:Organisation)
WHERE NOT $no_hierarchy
WITH x, collect(y) AS near
UNWIND [x] + near AS o
WITH DISTINCT o
WHERE $allowed IS NULL OR o.id IN $allowed
RETURN elementId(o) AS eid, o.id AS id
