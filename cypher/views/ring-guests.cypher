// A ring's guests, most recent activity first, at most $limit of them (a ring's size is on the ring).
// Parameters: $account, $id (ring id), $limit
MATCH (g:Guest)
WHERE g.account = $account AND g.ring = $id
RETURN g.id AS id, g.paymentCount AS paymentCount, g.disputeCount AS disputeCount,
       g.firstPaymentAt AS firstPaymentAt, g.lastPaymentAt AS lastPaymentAt,
       g.disputeDistance AS disputeDistance
ORDER BY g.lastPaymentAt DESC, g.id DESC
LIMIT $limit
