// Indexes the resolution rule seeks through.
// A guest payment's use of an identifier carries `identity` (account/kind/value) and `at` (the payment's
// "created|id" order key). Seeking (identity = $i AND at < $at) ORDER BY identity DESC, at DESC LIMIT 1
// finds the most recent earlier use in O(log n), however often the identifier was used before.
// Registered customers' payments leave both properties unset, so they never take part in the rule.

CREATE INDEX has_email_identity_at IF NOT EXISTS
FOR ()-[r:HAS_EMAIL]-() ON (r.identity, r.at);

CREATE INDEX has_phone_identity_at IF NOT EXISTS
FOR ()-[r:HAS_PHONE]-() ON (r.identity, r.at);

CREATE INDEX has_card_identity_at IF NOT EXISTS
FOR ()-[r:HAS_CARD]-() ON (r.identity, r.at);

// Chronological walks over one account's payments (verify, backfills, lists).
CREATE INDEX payment_account_at IF NOT EXISTS
FOR (p:Payment) ON (p.account, p.at);

// A guest's payments, newest first, page by page.
CREATE INDEX payment_account_guest_at IF NOT EXISTS
FOR (p:Payment) ON (p.account, p.guest, p.at);

// The Customers tab: guests by most recent activity.
CREATE INDEX guest_account_last_payment IF NOT EXISTS
FOR (g:Guest) ON (g.account, g.lastPaymentAt);

// The guest a payment founded (verify; retired guest ids lead on through it).
CREATE INDEX guest_account_founding_payment IF NOT EXISTS
FOR (g:Guest) ON (g.account, g.foundingPaymentId);
