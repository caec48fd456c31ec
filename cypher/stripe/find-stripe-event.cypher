// Has this Stripe event been applied to the account already? One row when it has.
// Parameters: $account (acct_…), $eventId (evt_…)
MATCH (e:StripeEvent {account: $account, id: $eventId})
RETURN e.id AS id, e.outcome AS outcome
