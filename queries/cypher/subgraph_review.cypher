// Review items (uncertain entity-resolution candidates, not merged) of the latest load of each source.
MATCH (r:LoadRun) WHERE r.review IS NOT NULL AND r.review <> '[]'
WITH r.source AS source, r ORDER BY r.started_at DESC
WITH source, collect(r.review)[0] AS review
RETURN source, review
