// The stored summaries of these guests (counts, activity times, totals per currency as JSON).
// Parameters: $account, $guestIds
UNWIND $guestIds AS guestId
MATCH (g:Guest {account: $account, id: guestId})
RETURN g.id AS id, g.paymentCount AS paymentCount, g.firstPaymentAt AS firstPaymentAt,
       g.lastPaymentAt AS lastPaymentAt, g.disputeCount AS disputeCount,
       g.refundedPaymentCount AS refundedPaymentCount,
       g.failedPaymentCount AS failedPaymentCount, g.totals AS totals
