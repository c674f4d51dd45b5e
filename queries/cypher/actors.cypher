MATCH (n)
WHERE n:Organisation OR n:ClusterInitiative OR n:TechnologyField
RETURN n.id AS id, n.name AS name, coalesce(n.aliases, []) AS aliases,
       CASE WHEN n:Organisation THEN 'Organisation'
            WHEN n:ClusterInitiative THEN 'ClusterInitiative'
            ELSE 'TechnologyField' END AS type,
       CASE WHEN n:Organisation THEN coalesce(n.kind, 'Other')
            WHEN n:ClusterInitiative THEN 'ClusterInitiative'
            ELSE 'TechnologyField' END AS label
