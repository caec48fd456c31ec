// Records that a newer copy of these payments arrived saying the same as the stored one about who made
// them, so that an older copy arriving later is still recognised as older.
// Parameters: $account, $versions: [{id, version (unix ms)}]
UNWIND $versions AS row
MATCH (p:Payment {account: $account, id: row.id})
SET p.version = row.version
RETURN count(p) AS updated
