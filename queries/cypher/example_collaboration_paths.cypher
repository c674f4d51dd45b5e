// Researchers: the shortest chains of shared projects (at most 4 steps) between two organisations ($from, $to).
MATCH (a:Organisation)
WHERE a.id = $from OR toLower(a.name) = toLower($from)
MATCH (b:Organisation)
WHERE b.id = $to OR toLower(b.name) = toLower($to)
MATCH p = allShortestPaths((a)-[:COLLABORATES_WITH*..4]-(b))
RETURN p
LIMIT 10
