// The previous page (ending_before) of the Customers tab filtered by has_dispute: the guests just more
// recent than the cursor, nearest first, walking the Guest (account, hasDispute, lastPaymentAt) index.
// Parameters: $account, $hasDispute (boolean), $hasRefund (boolean or null: not filtered), $scoreGte,
//   $scoreLte (riskScore bounds, inclusive, or null), $flagBits (riskFlagBits values a guest may have, or
//   null: not filtered), $lower, $upper
//   (lastPaymentAt bounds, inclusive), $cursorAt, $cursorId (the ending_before guest's position), $take
MATCH (g:Guest)
USING INDEX g:Guest(account, hasDispute, lastPaymentAt)
WHERE g.account = $account AND g.hasDispute = $hasDispute
  AND g.lastPaymentAt >= $lower AND g.lastPaymentAt <= $upper
  AND NOT coalesce(g.lastPaymentAt = $cursorAt AND g.id <= $cursorId, false)
  AND ($hasRefund IS NULL OR g.hasRefund = $hasRefund)
  AND ($scoreGte IS NULL OR g.riskScore >= $scoreGte) AND ($scoreLte IS NULL OR g.riskScore <= $scoreLte)
  AND ($flagBits IS NULL OR g.riskFlagBits IN $flagBits)
  AND NOT coalesce(g.retired, false)
RETURN g.id AS id
ORDER BY g.account ASC, g.hasDispute ASC, g.lastPaymentAt ASC, g.id ASC
LIMIT $take
