// The Customers tab filtered by has_refund: one page, most recent activity first, walking the
// Guest (account, hasRefund, lastPaymentAt) index in order.
// Parameters: $account, $hasRefund (boolean), $lower, $upper (lastPaymentAt bounds, inclusive),
//   $cursorAt, $cursorId (the starting_after guest's position, or both null), $take
MATCH (g:Guest)
USING INDEX g:Guest(account, hasRefund, lastPaymentAt)
WHERE g.account = $account AND g.hasRefund = $hasRefund
  AND g.lastPaymentAt >= $lower AND g.lastPaymentAt <= $upper
  AND NOT coalesce(g.lastPaymentAt = $cursorAt AND g.id >= $cursorId, false)
  AND NOT coalesce(g.retired, false)
RETURN g.id AS id
ORDER BY g.account DESC, g.hasRefund DESC, g.lastPaymentAt DESC, g.id DESC
LIMIT $take
