// The guest an id names now: the guest itself; for a retired guest, the guest that holds its founding
// payment today; and when that payment is gone (deleted, or a customer attached), the guest it was
// succeeded by (the one that held the most of its former payments), followed on the same way. No row
// when the account has no guest of that id, or when nothing it held is left.
// Parameters: $account, $id (guest id)
MATCH (named:Guest {account: $account, id: $id})
MATCH path = (named)-[:SUCCEEDED_BY*0..32]->(step:Guest)
OPTIONAL MATCH (founding:Payment {account: $account, id: step.foundingPaymentId})
WITH length(path) AS hops,
     CASE WHEN coalesce(step.retired, false) = false THEN step.id ELSE founding.guest END AS guest
WHERE guest IS NOT NULL
RETURN guest
ORDER BY hops
LIMIT 1
