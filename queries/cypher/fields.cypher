MATCH (f:TechnologyField)
RETURN f.id AS id, coalesce(f.name_en, f.name) AS name
