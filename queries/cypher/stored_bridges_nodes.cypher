// the ranked organisations: name, kind and memberships (one hierarchy step, as the projection)
UNWIND $ids AS id
MATCH (o:Organisation {id: id})
CALL (o) {
  OPTIONAL MATCH (o)-[:MEMBER_OF]->(c:ClusterInitiative)
  RETURN [x IN collect(DISTINCT c.id) WHERE x IS NOT NULL] AS clusters
}
CALL (o) {
  OPTIONAL MATCH (o)-[:SUBUNIT_OF]-(x:Organisation)-[:MEMBER_OF]->(c:ClusterInitiative)
  RETURN [v IN collect(DISTINCT {cluster: c.id, via: coalesce(x.name, x.id)}) WHERE v.cluster IS NOT NULL] AS via
}
RETURN o.id AS id, o.name AS name, o.kind AS kind, clusters, via
