// Deletes up to $limit of an account's rings (a rebuild writes them all again), off the Ring
// (account, score, id) index.
// Parameters: $account, $limit
MATCH (r:Ring)
USING INDEX r:Ring(account, score, id)
WHERE r.account = $account AND r.score >= 0 AND r.id IS NOT NULL
WITH r LIMIT $limit
DELETE r
RETURN count(*) AS deleted
