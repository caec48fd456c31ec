// Lazy clean-up: deletes up to $batch of one account's Idempotency-Keys older than $ttlSeconds.
// Each is write-locked and its age read again first, so a key taken over meanwhile is kept.
// Parameters: $account (acct_…), $ttlSeconds (86400), $batch (an integer, e.g. 100).
MATCH (k:IdempotencyKey)
WHERE k.account = $account AND k.createdAt < datetime() - duration({seconds: $ttlSeconds})
WITH k LIMIT $batch
SET k._LOCK_ = true
WITH k
WHERE k.createdAt < datetime() - duration({seconds: $ttlSeconds})
DELETE k
RETURN count(*) AS deleted
