// The previous page (ending_before) of the Customers tab filtered by has_dispute: the guests just more
// recent than the cursor, nearest first, walking the Guest (account, hasDispute, lastPaymentAt) index.
// Parameters: $account, $hasDispute (boolean), $hasRefund (boolean or null: not filtered), $lower, $upper
//   (lastPaymentAt bounds, inclusive), $cursorAt, $cursorId (the ending_before guest's position), $take
MATCH (g:Guest)
USING INDEX g:Guest(account, hasDispute, lastPaymentAt)
WHERE g.account = $account AND g.hasDispute = $hasDispute
  AND g.lastPaymentAt >= $lower AND g.lastPaymentAt <= $upper
  AND NOT coalesce(g.lastPaymentAt = $cursorAt AND g.id <= $cursorId, false)
  AND ($hasRefund IS NULL OR g.hasRefund = $hasRefund)
  AND NOT coalesce(g.retired, false)
RETURN g.id AS id
ORDER BY g.account ASC, g.hasDispute ASC, g.lastPaymentAt ASC, g.id ASC
LIMIT $take
