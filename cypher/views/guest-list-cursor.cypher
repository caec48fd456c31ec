// Where a guest stands in the Customers tab's order (lastPaymentAt, then id): the position that a
// starting_after / ending_before cursor names. No row when the id is not a listed guest of the account.
// Parameters: $account, $id (a guest id, gst_…)
MATCH (g:Guest {account: $account, id: $id})
WHERE g.lastPaymentAt IS NOT NULL AND NOT coalesce(g.retired, false)
RETURN g.id AS id, g.lastPaymentAt AS lastPaymentAt
