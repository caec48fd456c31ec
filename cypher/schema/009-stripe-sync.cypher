// Stripe webhooks and backfills (src/ingest/receive-stripe-event.ts, src/ingest/backfill.ts).

// Events already applied, per merchant account: a redelivered event (same id) is answered at once.
CREATE CONSTRAINT stripe_event_account_id IF NOT EXISTS
FOR (e:StripeEvent) REQUIRE (e.account, e.id) IS UNIQUE;

// An update that came before its payment (a dispute event before its charge), kept until the payment arrives.
CREATE CONSTRAINT pending_payment_update_account_event IF NOT EXISTS
FOR (u:PendingPaymentUpdate) REQUIRE (u.account, u.eventId) IS UNIQUE;

CREATE INDEX pending_payment_update_account_payment IF NOT EXISTS
FOR (u:PendingPaymentUpdate) ON (u.account, u.payment);

// Where a backfill of an account (and its time range) got to, so that a new run resumes there.
CREATE CONSTRAINT backfill_checkpoint_account_key IF NOT EXISTS
FOR (c:BackfillCheckpoint) REQUIRE (c.account, c.key) IS UNIQUE;
