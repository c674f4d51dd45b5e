MATCH (f:TechnologyField)<-[:WORKS_ON]-(o:Organisation)
RETURN f.id AS id, coalesce(f.name_en, f.name) AS name, count(DISTINCT o) AS organisations
ORDER BY organisations DESC, name
