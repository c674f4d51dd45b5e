MATCH (a:Organisation {id: $source}), (b:Organisation {id: $target})
MATCH p = SHORTEST 5 (a)-[:COLLABORATES_WITH]-{1,6}(b)
RETURN [n IN nodes(p) | n.id] AS ids, length(p) AS hops
