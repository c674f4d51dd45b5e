// Who took part in which dated project: the history the partner chance is calibrated on.
MATCH (o:Organisation)-[:PARTICIPATES_IN]->(p:Project)
WHERE p.start_year IS NOT NULL
RETURN p.id AS project, toInteger(p.start_year) AS year, o.id AS organisation
