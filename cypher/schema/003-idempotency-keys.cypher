// Idempotency-Key records: the first response to a POST, kept per merchant account and key for 24 hours
// so that a retry gets the same answer instead of running twice (see src/http/idempotency.ts).
// The constraint makes two concurrent first uses of one key meet on one node; it also indexes the lookup.

CREATE CONSTRAINT idempotency_key_account_key IF NOT EXISTS
FOR (k:IdempotencyKey) REQUIRE (k.account, k.key) IS UNIQUE;

// The lazy clean-up finds one account's expired keys by age.
CREATE INDEX idempotency_key_account_created IF NOT EXISTS
FOR (k:IdempotencyKey) ON (k.account, k.createdAt);
