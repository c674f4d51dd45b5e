"""Pure graph analytics: functions of a NetworkX graph, with no driver and no Cypher (reads live in queries/)."""
