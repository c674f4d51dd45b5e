// What the filter widgets can offer: clusters, fields, regions with organisations, kinds and the project years.
CALL () {
  MATCH (c:ClusterInitiative)
  RETURN collect({id: c.id, name: coalesce(c.name, c.id), members: COUNT { (c)<-[:MEMBER_OF]-(:Organisation) }}) AS clusters
}
CALL () {
  MATCH (f:TechnologyField)
  RETURN collect({id: f.id, name: coalesce(f.name_en, f.name, f.id), name_de: coalesce(f.name_de, f.name, f.id)}) AS fields
}
CALL () {
  MATCH (r:Region)
  WHERE EXISTS { (r)<-[:PART_OF*0..3]-(:Region)<-[:LOCATED_IN]-(:Organisation) }
     OR EXISTS { MATCH (o:Organisation) WHERE o.region = r.id }
  RETURN collect({id: r.id, name: coalesce(r.name, r.id)}) AS regions
}
CALL () { MATCH (o:Organisation) RETURN collect(DISTINCT coalesce(o.kind, 'Other')) AS kinds }
CALL () { MATCH (p:Project) RETURN min(p.start_year) AS first_year, max(p.start_year) AS last_year }
RETURN clusters, fields, regions, kinds, first_year, last_year
