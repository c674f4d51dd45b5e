// Candidate transfer paths between two sets of organisations, answered in the database: the 24 paths with
// the fewest collaboration hops (at most 6) per pair of ends, over ties of at least $min_weight and, when
// $allowed is a list, only through organisations in it. Python re-ranks them by length (1/weight).
MATCH (a:Organisation WHERE a.id IN $sources), (b:Organisation WHERE b.id IN $targets)
WITH a, b WHERE a <> b
MATCH p = SHORTEST 24 (a)(()-[r:COLLABORATES_WITH]-(x:Organisation)
  WHERE coalesce(r.weight, 1) >= $min_weight AND ($allowed IS NULL OR x.id IN $allowed)){1,6}(b)
UNWIND relationships(p) AS tie
WITH DISTINCT tie, startNode(tie) AS u, endNode(tie) AS v
RETURN u.id AS source, coalesce(u.name, u.id) AS source_name, coalesce(u.kind, 'Other') AS source_kind,
       v.id AS target, coalesce(v.name, v.id) AS target_name, coalesce(v.kind, 'Other') AS target_kind,
       coalesce(tie.weight, 1) AS weight, coalesce(tie.projects, []) AS projects
