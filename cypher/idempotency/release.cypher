// Lets go of an Idempotency-Key whose request was refused or failed (nothing was written), so that a
// retry, with the same body or a corrected one, runs afresh.
// Parameters: $account (acct_…), $key, $claim (the token claim.cypher was given).
MATCH (k:IdempotencyKey {account: $account, key: $key})
WHERE k.claim = $claim AND k.status IS NULL
DELETE k
