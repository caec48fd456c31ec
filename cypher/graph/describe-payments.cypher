// What a link-analysis graph shows of payments: amount, status, time, refunds, dispute and Radar's
// risk level, and the guest or registered customer it belongs to (no row for an unknown id).
// Parameters: $account, $ids (payment ids)
UNWIND $ids AS paymentId
MATCH (p:Payment {account: $account, id: paymentId})
RETURN p.id AS key, p.created AS created, p.amount AS amount, p.currency AS currency, p.status AS status,
       p.amountRefunded AS amountRefunded, p.disputeStatus AS disputeStatus, p.riskLevel AS riskLevel,
       p.guest AS guest, p.customer AS customer, p.cardBrand AS cardBrand, p.cardLast4 AS cardLast4
