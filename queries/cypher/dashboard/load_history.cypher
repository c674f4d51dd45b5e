// The most recent load runs: counts, rejected rows (validation) and merged duplicates and the review list (entity resolution).
MATCH (l:LoadRun)
RETURN l.id AS id, l.source AS source, toString(l.started_at) AS started_at, toString(l.finished_at) AS finished_at,
       l.seconds AS seconds, l.counts AS counts, l.rejected AS rejected, l.rejected_rows AS rejected_rows,
       l.merged AS merged, l.merges AS merges, coalesce(l.review, "[]") AS review, l.notes AS notes
ORDER BY started_at DESC
LIMIT $limit
