// The previous page (ending_before) of the Customers tab filtered by has_refund: the guests just more
// recent than the cursor, nearest first, walking the Guest (account, hasRefund, lastPaymentAt) index.
// Parameters: $account, $hasRefund (boolean), $lower, $upper (lastPaymentAt bounds, inclusive),
//   $cursorAt, $cursorId (the ending_before guest's position), $take
MATCH (g:Guest)
USING INDEX g:Guest(account, hasRefund, lastPaymentAt)
WHERE g.account = $account AND g.hasRefund = $hasRefund
  AND g.lastPaymentAt >= $lower AND g.lastPaymentAt <= $upper
  AND NOT coalesce(g.lastPaymentAt = $cursorAt AND g.id <= $cursorId, false)
  AND NOT coalesce(g.retired, false)
RETURN g.id AS id
ORDER BY g.account ASC, g.hasRefund ASC, g.lastPaymentAt ASC, g.id ASC
LIMIT $take
