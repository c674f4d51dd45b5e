// Every project with what the agenda indicators read: dates, description and partner countries abroad
// (Country nodes). One record with one list: much faster to transfer than one record per project.
// $projects (element ids, else null) restricts them.
MATCH (p:Project)
WHERE $projects IS NULL OR elementId(p) IN $projects
OPTIONAL MATCH (p)-[:HAS_PARTNERS_IN]->(country:Country)
WITH p, collect(country.code) AS countries
RETURN collect([p.id, p.acronym, p.title, p.programme, p.programme_part, p.topic_code, p.topic_title,
                p.funding_scheme, p.start_date, p.start_year, countries]) AS rows
