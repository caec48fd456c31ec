// The updates that arrived before these payments did, oldest event first.
// Parameters: $account (acct_…), $ids (payment ids)
UNWIND $ids AS id
MATCH (u:PendingPaymentUpdate {account: $account, payment: id})
RETURN u.eventId AS eventId, u.payment AS payment, u.created AS created, u.fields AS fields
ORDER BY u.created, u.eventId
