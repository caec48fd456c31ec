// One page of an account's rings by id, with everything a ring node keeps: what `guestgraph verify`
// compares with a recomputation from the payments as stored now (a command: it walks the whole account).
// Parameters: $account, $after (ring id to continue after; "" to start), $limit (page size)
MATCH (r:Ring)
WHERE r.account = $account AND r.id > $after
RETURN r.id AS id, r.founder AS founder, r.guestCount AS guestCount,
       r.disputedGuestCount AS disputedGuestCount, r.paymentCount AS paymentCount,
       r.refundedPaymentCount AS refundedPaymentCount, r.disputeCount AS disputeCount,
       r.failedPaymentCount AS failedPaymentCount, r.firstPaymentAt AS firstPaymentAt,
       r.lastPaymentAt AS lastPaymentAt, r.totals AS totals, r.hubIdentifierCount AS hubIdentifierCount,
       r.score AS score
ORDER BY r.account, r.id
LIMIT $limit
