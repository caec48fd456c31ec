// Keeps updates whose payment is not stored yet (a dispute event before its charge): each applied when
// the payment arrives, whatever brings it. One per event, so a redelivery keeps one.
// Parameters: $account (acct_…), $pendingUpdates ([{eventId, payment, created, fields}]: fields is JSON of
// {status?, amountRefunded?, dispute?: {status, reason}})
UNWIND $pendingUpdates AS update
MERGE (u:PendingPaymentUpdate {account: $account, eventId: update.eventId})
  ON CREATE SET u.payment = update.payment, u.created = update.created, u.fields = update.fields
RETURN count(u) AS saved
