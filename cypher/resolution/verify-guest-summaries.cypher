// Checks every guest of an account against the payments it holds now: its payment count, first and
// last payment, disputes, refunded payments and retired flag must equal a recount (they are kept by
// deltas at ingest, deletion and erasure). Rows are the guests that differ; none is expected.
// Parameters: $account
MATCH (g:Guest)
WHERE g.account = $account AND g.id > ""
OPTIONAL MATCH (p:Payment)-[:BELONGS_TO]->(g)
WITH g, count(p) AS payments, min(p.created) AS firstPaymentAt, max(p.created) AS lastPaymentAt,
     sum(CASE WHEN p.disputeStatus IS NULL THEN 0 ELSE 1 END) AS disputes,
     sum(CASE WHEN coalesce(p.amountRefunded, 0) > 0 THEN 1 ELSE 0 END) AS refundedPayments
WHERE coalesce(g.paymentCount, 0) <> payments
   OR coalesce(g.firstPaymentAt, -1) <> coalesce(firstPaymentAt, -1)
   OR coalesce(g.lastPaymentAt, -1) <> coalesce(lastPaymentAt, -1)
   OR coalesce(g.disputeCount, 0) <> disputes
   OR coalesce(g.refundedPaymentCount, 0) <> refundedPayments
   OR coalesce(g.retired, false) <> (payments = 0)
RETURN g.id AS guest, g.paymentCount AS storedPaymentCount, payments AS heldPayments
ORDER BY guest
