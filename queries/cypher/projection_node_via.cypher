// One hierarchy step: a group's membership covers its entities, an institute's its university. One row per
// organisation ($eids as in projection_nodes) that reaches a cluster through a SUBUNIT_OF neighbour.
MATCH (o:Organisation)-[:SUBUNIT_OF]-(x:Organisation)-[m:MEMBER_OF|PARTNER_OF]->(c:ClusterInitiative)
WHERE NOT $no_hierarchy AND ($eids IS NULL OR elementId(o) IN $eids) AND (type(m) = 'MEMBER_OF' OR $include_partners)
RETURN o.id AS id, collect(DISTINCT {cluster: c.id, via: coalesce(x.name, x.id)}) AS via
