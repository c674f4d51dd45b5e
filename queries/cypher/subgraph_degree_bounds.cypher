// An upper bound of each node's degree inside any set: all its relationships (the degree store, no
// expansion), a self-loop counted twice as subgraph_degrees counts it.
UNWIND $eids AS eid
MATCH (a) WHERE elementId(a) = eid
RETURN eid, COUNT { (a)--() } + COUNT { (a)-->(a) } AS bound
