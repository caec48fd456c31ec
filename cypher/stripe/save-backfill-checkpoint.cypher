// Saves how far a backfill got, after each stored page: a new run resumes after $lastChargeId.
// Parameters: $account (acct_…), $checkpointKey (the backfill's range), $lastChargeId (ch_… or null when
// the backfill starts over), $stored (charges stored so far), $finished (true when the listing ended)
MERGE (c:BackfillCheckpoint {account: $account, key: $checkpointKey})
SET c.lastChargeId = $lastChargeId, c.stored = $stored, c.updatedAt = datetime(),
    c.finishedAt = CASE WHEN $finished THEN datetime() ELSE null END
RETURN c.key AS key
