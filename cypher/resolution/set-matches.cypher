// Points each payment at its match (the earlier payment it joined), replacing the old pointer.
// MATCHED edges form, per guest, a tree rooted at the founding payment: what explanations walk.
// Parameters: $account, $changes: [{id, matchId (null for a founder)}]
UNWIND $changes AS change
MATCH (p:Payment {account: $account, id: change.id})
OPTIONAL MATCH (p)-[old:MATCHED]->()
DELETE old
WITH DISTINCT p, change
OPTIONAL MATCH (match:Payment {account: $account, id: change.matchId})
FOREACH (_ IN CASE WHEN match IS NULL THEN [] ELSE [1] END | CREATE (p)-[:MATCHED]->(match))
RETURN count(p) AS changed
