// Deletes rings that no longer exist: their guests were split apart, or merged into an older ring.
// Parameters: $account, $ringIds
UNWIND $ringIds AS ringId
MATCH (r:Ring {account: $account, id: ringId})
DELETE r
RETURN count(*) AS deleted
