// The EuroSciVoc fields of each project, up the BROADER chain (for "computer and information sciences").
MATCH (p:Project)-[:IN_FIELD]->(:TechnologyField)-[:BROADER*0..]->(field:TechnologyField)
WITH p, collect(DISTINCT field.name) AS fields
RETURN collect([p.id, fields]) AS rows
