// Forgets updates once they are applied to their payments.
// Parameters: $account (acct_…), $eventIds (evt_… of the applied updates)
UNWIND $eventIds AS eventId
MATCH (u:PendingPaymentUpdate {account: $account, eventId: eventId})
DELETE u
