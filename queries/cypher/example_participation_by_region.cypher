// Policy analysts: organisations, SMEs and projects of EU-funded research per region.
MATCH (o:Organisation)-[:PARTICIPATES_IN]->(p:Project)
RETURN coalesce(o.region, 'unknown') AS region, count(DISTINCT o) AS organisations,
       count(DISTINCT CASE WHEN o.sme THEN o END) AS smes, count(DISTINCT p) AS projects
ORDER BY projects DESC, region
