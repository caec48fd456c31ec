// Which of these payment ids the account already holds, with their mutable fields and what their
// guest's summary counts of them.
// Parameters: $account, $ids (payment ids)
UNWIND $ids AS id
MATCH (p:Payment {account: $account, id: id})
RETURN p.id AS id, p.guest AS guest, p.created AS created, p.amount AS amount, p.currency AS currency,
       p.status AS status, p.amountRefunded AS amountRefunded,
       p.refunded AS refunded, p.disputeStatus AS disputeStatus, p.disputeReason AS disputeReason,
       p.riskLevel AS riskLevel, p.riskScore AS riskScore, p.networkStatus AS networkStatus,
       p.sellerMessage AS sellerMessage, p.outcomeType AS outcomeType
