"""Questions users ask of the graph: Cypher reads plus NetworkX analytics on a projection."""
