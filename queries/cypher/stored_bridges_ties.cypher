// every tie of the ranked organisations, to explain each row from its own neighbourhood
UNWIND $ids AS id
MATCH (o:Organisation {id: id})-[r:COLLABORATES_WITH]-(p:Organisation)
RETURN o.id AS source, p.id AS target, coalesce(r.weight, 1) AS weight
