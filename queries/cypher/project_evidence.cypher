MATCH (p:Project)
WHERE p.id IN $ids
RETURN p.id AS id, p.acronym AS acronym, p.title AS title, p.start_year AS year,
       p.programme AS programme, coalesce(p.sources, []) AS sources
