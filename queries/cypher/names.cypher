// Every cluster's and every field's name by id, in one record (what reasons and stats name them by).
RETURN COLLECT { MATCH (c:ClusterInitiative) RETURN [c.id, coalesce(c.name, c.id)] } AS clusters,
       COLLECT { MATCH (f:TechnologyField) RETURN [f.id, coalesce(f.name_en, f.name, f.id)] } AS fields
