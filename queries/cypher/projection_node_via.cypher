// One hierarchy step: a group's membership covers its entities, an institute's its university. One row per
// organisation ($eids as in projection_nodes) that reaches a cluster through a SUBUNIT_OF neighbour.
CALL () {
  WITH 1 AS one WHERE $eids IS NULL
  MATCH (o:Organisation) RETURN o
  UNION ALL
  UNWIND coalesce($eids, []) AS eid
  MATCH (o:Organisation) WHERE elementId(o) = eid RETURN o
}
MATCH (o)-[:SUBUNIT_OF]-(x:Organisation)-[m:MEMBER_OF|PARTNER_OF]->(c:ClusterInitiative)
WHERE NOT $no_hierarchy AND (type(m) = 'MEMBER_OF' OR $include_partners)
RETURN o.id AS id, collect(DISTINCT {cluster: c.id, via: coalesce(x.name, x.id)}) AS via
