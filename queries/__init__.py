"""Questions users ask of the database: Cypher reads, projections and exporters (pure algorithms live in analytics/)."""
