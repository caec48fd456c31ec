// Records a Stripe event as applied to the account (kept: a redelivery of it changes nothing).
// Parameters: $account (acct_…), $eventId (evt_…), $eventType (charge.succeeded, …), $eventCreated (unix
// seconds), $outcome (created, updated, unchanged, deferred, skipped)
MERGE (e:StripeEvent {account: $account, id: $eventId})
  ON CREATE SET e.type = $eventType, e.created = $eventCreated, e.outcome = $outcome, e.receivedAt = datetime()
RETURN e.id AS id
