// A retired guest leads on through its founding payment. When that payment leaves the guest rule
// (deleted, or a customer attached), the guest leads instead to the guest the payment was in.
// Parameters: $account, $departures: [{id (payment id), guestId (its guest before it left)}]
UNWIND $departures AS departure
MATCH (retired:Guest {account: $account, foundingPaymentId: departure.id})
WHERE retired.retired = true AND retired.id <> departure.guestId
MATCH (successor:Guest {account: $account, id: departure.guestId})
OPTIONAL MATCH (retired)-[old:SUCCEEDED_BY]->()
DELETE old
MERGE (retired)-[:SUCCEEDED_BY]->(successor)
RETURN count(retired) AS redirected
