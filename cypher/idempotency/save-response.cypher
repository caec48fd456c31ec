// Stores the response of the request holding an Idempotency-Key, for its retries to replay.
// Answers `saved`: 1, or 0 when the claim was lost (taken over after it went stale).
// Parameters: $account (acct_…), $key, $claim (the token claim.cypher was given), $status (HTTP status),
// $body (the response's JSON text).
MATCH (k:IdempotencyKey {account: $account, key: $key})
WHERE k.claim = $claim
SET k.status = $status, k.body = $body
RETURN count(k) AS saved
