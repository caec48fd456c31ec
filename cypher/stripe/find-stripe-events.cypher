// Which of these Stripe events have been applied to the account already (a redelivery changes nothing).
// Parameters: $account (acct_…), $eventIds (evt_…)
UNWIND $eventIds AS eventId
MATCH (e:StripeEvent {account: $account, id: eventId})
RETURN e.id AS id, e.outcome AS outcome
