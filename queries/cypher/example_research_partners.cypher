// Researchers: universities and research institutes an organisation ($organisation) has shared projects with.
MATCH (f:Organisation)
WHERE f.id = $organisation OR toLower(f.name) = toLower($organisation)
MATCH (f)-[t:COLLABORATES_WITH]-(r:Organisation)
WHERE r:University OR r:ResearchInstitute
RETURN r.name AS partner, r.kind AS kind, t.weight AS shared_projects, t.first_year AS first_year, t.last_year AS last_year
ORDER BY shared_projects DESC, partner
