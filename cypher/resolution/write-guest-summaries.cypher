// Writes guests' summaries. A guest left with no payments is retired: its founding payment now
// belongs to an older guest, which its id leads to.
// Parameters: $account, $summaries: [{id, paymentCount, firstPaymentAt, lastPaymentAt, disputeCount,
//   refundedPaymentCount, failedPaymentCount, totals (JSON string)}]
UNWIND $summaries AS summary
MATCH (g:Guest {account: $account, id: summary.id})
SET g.paymentCount = summary.paymentCount,
    g.firstPaymentAt = summary.firstPaymentAt,
    g.lastPaymentAt = summary.lastPaymentAt,
    g.disputeCount = summary.disputeCount,
    g.refundedPaymentCount = summary.refundedPaymentCount,
    g.failedPaymentCount = summary.failedPaymentCount,
    g.hasDispute = summary.disputeCount > 0,
    g.hasRefund = summary.refundedPaymentCount > 0,
    g.totals = summary.totals,
    g.retired = summary.paymentCount = 0
RETURN count(g) AS written
