// The Customers tab filtered by has_dispute (and perhaps has_refund): one page, most recent activity
// first, walking the Guest (account, hasDispute, lastPaymentAt) index in order, so finding the rare
// disputed guests reads only them.
// Parameters: $account, $hasDispute (boolean), $hasRefund (boolean or null: not filtered), $scoreGte,
//   $scoreLte (riskScore bounds, inclusive, or null), $flagBits (riskFlagBits values a guest may have, or
//   null: not filtered), $lower, $upper
//   (lastPaymentAt bounds, inclusive), $cursorAt, $cursorId (the starting_after guest's position, or both null), $take
MATCH (g:Guest)
USING INDEX g:Guest(account, hasDispute, lastPaymentAt)
WHERE g.account = $account AND g.hasDispute = $hasDispute
  AND g.lastPaymentAt >= $lower AND g.lastPaymentAt <= $upper
  AND NOT coalesce(g.lastPaymentAt = $cursorAt AND g.id >= $cursorId, false)
  AND ($hasRefund IS NULL OR g.hasRefund = $hasRefund)
  AND ($scoreGte IS NULL OR g.riskScore >= $scoreGte) AND ($scoreLte IS NULL OR g.riskScore <= $scoreLte)
  AND ($flagBits IS NULL OR g.riskFlagBits IN $flagBits)
  AND NOT coalesce(g.retired, false)
RETURN g.id AS id
ORDER BY g.account DESC, g.hasDispute DESC, g.lastPaymentAt DESC, g.id DESC
LIMIT $take
