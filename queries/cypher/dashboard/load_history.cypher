// The most recent load runs with their counts, rejected and merged rows.
MATCH (l:LoadRun)
RETURN l.id AS id, l.source AS source, toString(l.started_at) AS started_at, toString(l.finished_at) AS finished_at,
       l.counts AS counts, l.rejected AS rejected, l.merged AS merged
ORDER BY started_at DESC
LIMIT $limit
