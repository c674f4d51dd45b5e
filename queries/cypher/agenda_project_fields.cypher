// The EuroSciVoc fields of each project, up the BROADER chain (for "computer and information sciences").
// $projects (element ids, else null) restricts them.
MATCH (p:Project)-[:IN_FIELD]->(:TechnologyField)-[:BROADER*0..]->(field:TechnologyField)
WHERE $projects IS NULL OR elementId(p) IN $projects
WITH p, collect(DISTINCT field.name) AS fields
RETURN collect([p.id, fields]) AS rows
