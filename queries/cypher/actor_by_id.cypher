CALL () {
  MATCH (n:Organisation {id: $id}) RETURN n
  UNION
  MATCH (n:ClusterInitiative {id: $id}) RETURN n
  UNION
  MATCH (n:TechnologyField {id: $id}) RETURN n
}
RETURN n.id AS id, n.name AS name,
       CASE WHEN n:Organisation THEN 'Organisation'
            WHEN n:ClusterInitiative THEN 'ClusterInitiative'
            ELSE 'TechnologyField' END AS type,
       CASE WHEN n:Organisation THEN coalesce(n.kind, 'Other')
            WHEN n:ClusterInitiative THEN 'ClusterInitiative'
            ELSE 'TechnologyField' END AS label
