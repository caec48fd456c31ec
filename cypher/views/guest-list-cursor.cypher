// Where a guest stands in the Customers tab's order (lastPaymentAt, then id): the position that a
// starting_after / ending_before cursor names. No row when the id is not a listed guest of the account.
// The hint keeps the planner on the unique id seek: on some statistics it prefers reading the account's
// whole (account, lastPaymentAt) index to test `lastPaymentAt IS NOT NULL`.
// Parameters: $account, $id (a guest id, gst_…)
MATCH (g:Guest {account: $account, id: $id})
USING INDEX g:Guest(account, id)
WHERE g.lastPaymentAt IS NOT NULL AND NOT coalesce(g.retired, false)
RETURN g.id AS id, g.lastPaymentAt AS lastPaymentAt
