// Where retired guests whose founding payment is gone (deleted, or a customer attached) lead: the
// guest that now holds the most of their former payments; none when none of them is left.
// Parameters: $account, $successors: [{id (retired guest), successorId (guest id or null)}]
UNWIND $successors AS row
MATCH (retired:Guest {account: $account, id: row.id})
OPTIONAL MATCH (retired)-[old:SUCCEEDED_BY]->()
DELETE old
WITH DISTINCT retired, row
OPTIONAL MATCH (successor:Guest {account: $account, id: row.successorId})
FOREACH (_ IN CASE WHEN successor IS NULL THEN [] ELSE [1] END | MERGE (retired)-[:SUCCEEDED_BY]->(successor))
RETURN count(retired) AS written
