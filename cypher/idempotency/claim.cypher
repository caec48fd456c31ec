// Claims an Idempotency-Key for one request, or says who holds it.
// Answers one row: `claimed` is true when this request now holds the key and should run; otherwise
// `requestHash` is the request the key was first used with, and `status`/`body` its stored response
// (both null while that request is still running).
// A key older than $ttlSeconds, or a claim still unanswered after $staleSeconds (its process died), is taken over.
// Parameters: $account (acct_…), $key (the header's value), $requestHash (hex SHA-256 of method, path, query
// and body), $claim (a random token naming this request), $ttlSeconds (86400), $staleSeconds (600).
MERGE (k:IdempotencyKey {account: $account, key: $key})
  ON CREATE SET k.claim = $claim, k.requestHash = $requestHash, k.createdAt = datetime()
// Write-lock the node before reading it, so that two retries of an expired key cannot both take it over.
SET k._LOCK_ = true
WITH k,
     k.claim <> $claim
     AND (k.createdAt < datetime() - duration({seconds: $ttlSeconds})
       OR (k.status IS NULL AND k.createdAt < datetime() - duration({seconds: $staleSeconds}))) AS takeOver
FOREACH (_ IN CASE WHEN takeOver THEN [1] ELSE [] END |
  SET k.claim = $claim, k.requestHash = $requestHash, k.createdAt = datetime(), k.status = null, k.body = null
)
REMOVE k._LOCK_
RETURN k.claim = $claim AS claimed, k.requestHash AS requestHash, k.status AS status, k.body AS body
