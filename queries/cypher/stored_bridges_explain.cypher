// what each ranked organisation's explanation needs, aggregated here rather than shipping every tie:
// its ties, the other communities its partners are in, its three strongest partners and which of
// its partners are cluster members ($members)
UNWIND $ids AS id
MATCH (o:Organisation {id: id})
CALL (o) {
  MATCH (o)-[r:COLLABORATES_WITH]-(p:Organisation)
  WHERE p <> o
  WITH p, max(coalesce(r.weight, 1)) AS weight
  RETURN count(p) AS ties,
         count(DISTINCT CASE WHEN p.community <> o.community THEN p.community END) AS communities,
         [x IN collect(CASE WHEN p.id IN $members THEN p.id END) WHERE x IS NOT NULL] AS member_partners
}
CALL (o) {
  MATCH (o)-[r:COLLABORATES_WITH]-(p:Organisation)
  WHERE p <> o
  WITH p, max(coalesce(r.weight, 1)) AS weight
  ORDER BY weight DESC, coalesce(p.name, p.id)
  LIMIT 3
  RETURN collect(coalesce(p.name, p.id)) AS partners
}
RETURN o.id AS id, ties, communities, member_partners, partners
