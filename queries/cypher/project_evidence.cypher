MATCH (p:Project)
WHERE p.id IN $ids
RETURN p.id AS id, p.acronym AS acronym, p.title AS title, p.start_year AS year, p.period AS period,
       p.programme AS programme, p.programme_part AS programme_part, p.topic_code AS topic_code,
       p.topic_title AS topic_title, coalesce(p.sources, []) AS sources
