// Researchers: the projects of an organisation ($organisation), newest first, with its role.
MATCH (o:Organisation)
WHERE o.id = $organisation OR toLower(o.name) = toLower($organisation)
MATCH (o)-[r:PARTICIPATES_IN]->(p:Project)
RETURN p.acronym AS project, p.programme AS programme, p.start_year AS year, r.role AS role, p.title AS title
ORDER BY year DESC, project
