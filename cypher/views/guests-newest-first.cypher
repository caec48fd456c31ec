// The Customers tab without identifier or flag filters: one page of the account's guests, most recent
// activity first (lastPaymentAt, then id, both descending). Walks the Guest (account, lastPaymentAt)
// index in order from the cursor, so a page costs the same in an account of ten guests or ten million.
// Parameters: $account, $lower, $upper (lastPaymentAt bounds, inclusive: last_payment[gte] / [lte], and the
//   cursor's lastPaymentAt as upper bound), $cursorAt, $cursorId (the starting_after guest's position, or
//   both null), $take (rows wanted)
MATCH (g:Guest)
WHERE g.account = $account AND g.lastPaymentAt >= $lower AND g.lastPaymentAt <= $upper
  AND NOT coalesce(g.lastPaymentAt = $cursorAt AND g.id >= $cursorId, false)
  AND NOT coalesce(g.retired, false)
RETURN g.id AS id
ORDER BY g.account DESC, g.lastPaymentAt DESC, g.id DESC
LIMIT $take
