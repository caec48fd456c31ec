// The previous page of the Customers tab (ending_before): the guests just more recent than the cursor,
// nearest first (lastPaymentAt, then id, both ascending), walking the Guest (account, lastPaymentAt) index.
// Parameters: $account, $lower, $upper (lastPaymentAt bounds, inclusive: last_payment[gte] / [lte], and the
//   cursor's lastPaymentAt as lower bound), $cursorAt, $cursorId (the ending_before guest's position), $take
MATCH (g:Guest)
WHERE g.account = $account AND g.lastPaymentAt >= $lower AND g.lastPaymentAt <= $upper
  AND NOT coalesce(g.lastPaymentAt = $cursorAt AND g.id <= $cursorId, false)
  AND NOT coalesce(g.retired, false)
RETURN g.id AS id
ORDER BY g.account ASC, g.lastPaymentAt ASC, g.id ASC
LIMIT $take
