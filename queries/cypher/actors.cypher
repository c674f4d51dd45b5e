// Every organisation, cluster initiative and technology field, or only those of $types (null for all):
// a branch whose type is not asked for is cut before its label scan.
CALL () {
  WITH 1 AS one WHERE $types IS NULL OR 'Organisation' IN $types
  MATCH (n:Organisation) RETURN n, 'Organisation' AS type, coalesce(n.kind, 'Other') AS label
  UNION ALL
  WITH 1 AS one WHERE $types IS NULL OR 'ClusterInitiative' IN $types
  MATCH (n:ClusterInitiative) RETURN n, 'ClusterInitiative' AS type, 'ClusterInitiative' AS label
  UNION ALL
  WITH 1 AS one WHERE $types IS NULL OR 'TechnologyField' IN $types
  MATCH (n:TechnologyField) RETURN n, 'TechnologyField' AS type, 'TechnologyField' AS label
}
RETURN n.id AS id, n.name AS name, coalesce(n.aliases, []) AS aliases, type, label
