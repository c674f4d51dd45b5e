CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
CALL () { MATCH (run:LoadRun) RETURN max(run.id) AS last_load }
RETURN nodes, relationships, last_load
