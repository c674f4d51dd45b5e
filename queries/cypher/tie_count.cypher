// how many collaboration ties the graph holds (from the count store, no scan)
MATCH ()-[r:COLLABORATES_WITH]->()
RETURN count(r) AS ties
