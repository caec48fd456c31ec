// What the guest view shows of a guest's stored summary beyond its guest-list row (guest-list-items.cypher
// gives the counts, activity times, totals and primary identifiers): when GuestGraph created it, its
// founding payment, and its refund and dispute flags.
// Parameters: $account, $id (guest id)
MATCH (g:Guest {account: $account, id: $id})
RETURN g.id AS id, g.createdAt.epochSeconds AS created, g.foundingPaymentId AS foundingPayment,
       g.refundedPaymentCount AS refundedPaymentCount, g.hasDispute AS hasDispute, g.hasRefund AS hasRefund
