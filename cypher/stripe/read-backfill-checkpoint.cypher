// Where the last backfill of this account and time range stopped: the last charge stored (Stripe lists
// newest first, so the next page starts after it), and how many were stored so far.
// Parameters: $account (acct_…), $checkpointKey (the backfill's range, e.g. "charges|1700000000|")
MATCH (c:BackfillCheckpoint {account: $account, key: $checkpointKey})
RETURN c.lastChargeId AS lastChargeId, c.stored AS stored, c.finishedAt IS NOT NULL AS finished
