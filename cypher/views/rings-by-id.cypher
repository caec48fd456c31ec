// Rings by id, with the summary ingest keeps on each (counts and amounts summed from its guests, its
// score). Unknown ids give no row.
// Parameters: $account, $ids (ring ids, ring_…)
UNWIND $ids AS id
MATCH (r:Ring {account: $account, id: id})
RETURN r.id AS id, r.founder AS founder, r.guestCount AS guestCount, r.disputedGuestCount AS disputedGuestCount,
       r.paymentCount AS paymentCount, r.refundedPaymentCount AS refundedPaymentCount,
       r.disputeCount AS disputeCount, r.failedPaymentCount AS failedPaymentCount,
       r.firstPaymentAt AS firstPaymentAt, r.lastPaymentAt AS lastPaymentAt, r.totals AS totals,
       r.hubIdentifierCount AS hubIdentifierCount, r.score AS score
