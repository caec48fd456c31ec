// Writes the mutable fields (status, refunds, dispute, outcome) of payments seen before.
// Identifiers, amount and created never change after the first copy.
// Parameters: $account, $updates: [{id, fields: {status, amountRefunded, refunded, disputeStatus, ...}}]
UNWIND $updates AS update
MATCH (p:Payment {account: $account, id: update.id})
SET p += update.fields, p.updatedAt = datetime()
RETURN count(p) AS updated
