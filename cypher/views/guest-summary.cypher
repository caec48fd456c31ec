// A guest's stored summary: founding payment, counts, activity times (unix seconds) and totals per
// currency (a JSON string {"usd": {"spent": 12000, "refunded": 500}, ...}).
// Parameters: $account, $id (guest id)
MATCH (g:Guest {account: $account, id: $id})
RETURN g.id AS id, g.createdAt.epochSeconds AS created, g.foundingPaymentId AS foundingPayment,
       g.paymentCount AS paymentCount, g.firstPaymentAt AS firstPaymentAt, g.lastPaymentAt AS lastPaymentAt,
       g.disputeCount AS disputeCount, g.refundedPaymentCount AS refundedPaymentCount,
       g.hasDispute AS hasDispute, g.hasRefund AS hasRefund, g.totals AS totals
