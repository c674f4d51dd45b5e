// Key figures for the overview page: counts of the main node kinds and of collaboration ties.
CALL () { MATCH (o:Organisation) RETURN count(o) AS organisations, count(CASE WHEN o.sme = true THEN 1 END) AS smes }
CALL () { MATCH (c:ClusterInitiative) RETURN count(c) AS clusters }
CALL () { MATCH (p:Project) RETURN count(p) AS projects }
CALL () { MATCH (:Organisation)-[r:COLLABORATES_WITH]->(:Organisation) RETURN count(r) AS ties }
CALL () { MATCH (f:TechnologyField) RETURN count(f) AS fields }
CALL () { MATCH (o:Organisation) WITH coalesce(o.kind, 'Other') AS kind, count(*) AS n ORDER BY n DESC RETURN collect({kind: kind, n: n}) AS by_kind }
RETURN organisations, smes, clusters, projects, ties, fields, by_kind
