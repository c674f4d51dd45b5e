// Per cluster of $groups ({cluster, members}): how many organisations outside it its members collaborate
// with (ties of at least $min_weight, partners in $allowed when it is a list); the candidates' partner
// overlap needs this total for clusters whose partners lie beyond the two-hop expansion.
UNWIND $groups AS g
CALL (g) {
  UNWIND g.members AS member_id
  MATCH (:Organisation {id: member_id})-[r:COLLABORATES_WITH]-(p:Organisation)
  WHERE coalesce(r.weight, 1) >= $min_weight AND ($allowed IS NULL OR p.id IN $allowed)
  WITH DISTINCT p
  WHERE NOT p.id IN g.members
  RETURN count(p) AS partners
}
RETURN g.cluster AS cluster, partners
