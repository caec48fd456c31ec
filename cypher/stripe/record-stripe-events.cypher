// Records Stripe events as applied to the account (kept: a redelivery of one changes nothing).
// Parameters: $account (acct_…), $stripeEvents ([{id: evt_…, type: charge.succeeded …, created: unix seconds,
// outcome: created | updated | unchanged | deferred}])
UNWIND $stripeEvents AS event
MERGE (e:StripeEvent {account: $account, id: event.id})
  ON CREATE SET e.type = event.type, e.created = event.created, e.outcome = event.outcome, e.receivedAt = datetime()
RETURN count(e) AS recorded
