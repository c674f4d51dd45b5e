// Profile of one node (organisation, cluster initiative, field or project): where it is, what it belongs to, top partners, sources.
CALL () {
  MATCH (n:Organisation {id: $id}) RETURN n
  UNION MATCH (n:ClusterInitiative {id: $id}) RETURN n
  UNION MATCH (n:TechnologyField {id: $id}) RETURN n
  UNION MATCH (n:Project {id: $id}) RETURN n
}
WITH n LIMIT 1
CALL (n) { OPTIONAL MATCH (n)-[:MEMBER_OF|PARTNER_OF]->(c:ClusterInitiative) RETURN collect(DISTINCT c.name) AS clusters }
CALL (n) { OPTIONAL MATCH (n)-[:WORKS_ON|FOCUSES_ON|IN_FIELD]->(f:TechnologyField)
           RETURN collect(DISTINCT {name: coalesce(f.name_en, f.name, f.id), name_de: coalesce(f.name_de, f.name, f.id)}) AS fields }
CALL (n) {
  OPTIONAL MATCH (n)-[:LOCATED_IN|BASED_IN]->(r:Region)
  WITH n, collect(r.name)[0] AS linked
  OPTIONAL MATCH (named:Region {id: n.region})
  RETURN coalesce(linked, named.name, n.region) AS region
}
CALL (n) {
  OPTIONAL MATCH (n)-[w:COLLABORATES_WITH]-(p:Organisation)
  WITH p, w ORDER BY w.weight DESC, p.name LIMIT 5
  RETURN collect({id: p.id, name: p.name, weight: w.weight}) AS partners
}
CALL (n) {
  OPTIONAL MATCH (n)-[:PARTICIPATES_IN]->(p:Project)
  WITH p ORDER BY p.start_year DESC, p.acronym, p.id LIMIT 5
  RETURN collect({id: p.id, acronym: p.acronym, title: p.title, topic: p.topic_title, programme: p.programme,
                  part: p.programme_part, period: p.period}) AS recent_projects
}
CALL (n) { OPTIONAL MATCH (s:Source) WHERE s.id IN coalesce(n.sources, []) RETURN collect(coalesce(s.name, s.id)) AS source_names }
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props, clusters, fields, region, partners, source_names,
       recent_projects,
       COUNT { (n)<-[:MEMBER_OF]-(:Organisation) } AS members,
       COUNT { (n)-[:PARTICIPATES_IN]->(:Project) } AS projects
