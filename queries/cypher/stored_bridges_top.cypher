// the bridge ranking from the metrics analyze wrote back: betweenness, brokerage or participation first
MATCH (o:Organisation)
WHERE o.metrics_computed_at IS NOT NULL
WITH o, coalesce(o.brokerage_itinerant, 0) + coalesce(o.brokerage_representative, 0)
        + coalesce(o.brokerage_liaison, 0) AS brokered
WITH o, brokered,
     CASE $sort WHEN 'brokerage' THEN toFloat(brokered) WHEN 'participation' THEN o.participation
                ELSE o.betweenness END AS first,
     CASE $sort WHEN 'betweenness' THEN toFloat(brokered) ELSE o.betweenness END AS second
ORDER BY first DESC, second DESC, o.id
LIMIT $top
RETURN o.id AS id, o.betweenness AS betweenness, o.pagerank AS pagerank, o.community AS community,
       o.participation AS participation, o.constraint AS constraint, o.effective_size AS effective_size,
       {coordinator: coalesce(o.brokerage_coordinator, 0), itinerant: coalesce(o.brokerage_itinerant, 0),
        gatekeeper: coalesce(o.brokerage_gatekeeper, 0), representative: coalesce(o.brokerage_representative, 0),
        liaison: coalesce(o.brokerage_liaison, 0)} AS roles,
       brokered
