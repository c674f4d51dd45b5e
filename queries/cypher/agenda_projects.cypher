// Every project with what the agenda indicators read: dates, money, description, partner countries abroad
// (Country nodes) and the EuroSciVoc fields up the BROADER chain.
MATCH (p:Project)
OPTIONAL MATCH (p)-[abroad:HAS_PARTNERS_IN]->(country:Country)
WITH p, collect(country.code) AS countries, sum(coalesce(abroad.coordinators, 0)) AS coordinators_abroad
OPTIONAL MATCH (p)-[:IN_FIELD]->(:TechnologyField)-[:BROADER*0..]->(field:TechnologyField)
RETURN p.id AS id, p.acronym AS acronym, p.title AS title, p.programme AS programme,
       p.programme_part AS programme_part, p.topic_code AS topic_code, p.topic_title AS topic_title,
       p.funding_scheme AS funding_scheme, p.start_date AS start_date, p.start_year AS start_year,
       countries, coordinators_abroad, collect(DISTINCT field.name) AS fields
