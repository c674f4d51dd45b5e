// The projects a cluster member takes part in: the only ones cluster-level indicators can see (a
// partner's other projects add no cluster to what it touches, since clusters come from members).
MATCH (:ClusterInitiative)<-[:MEMBER_OF]-(:Organisation)-[:PARTICIPATES_IN]->(p:Project)
RETURN collect(DISTINCT elementId(p)) AS projects
