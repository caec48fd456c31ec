// The Customers tab filtered by risk_score (and perhaps risk_flag / in_ring, has_dispute, has_refund):
// one page, most recent activity first. One seek of the Guest (account, riskScore, lastPaymentAt) index
// per score value asked for (101 at most), each walked in activity order from the cursor and stopped at
// $take, then merged: a page reads at most $take guests per score value, however many guests the account
// has.
// USING INDEX SEEK: given the value from UNWIND, the planner may otherwise pick a scan of the whole index.
// Parameters: $account, $scores (the riskScore values asked for, e.g. range(50, 100)), $flagBits
//   (riskFlagBits values a guest may have, or null: not filtered), $hasDispute, $hasRefund (booleans or
//   null), $lower, $upper (lastPaymentAt bounds, inclusive), $cursorAt, $cursorId (the starting_after
//   guest's position, or both null), $take
UNWIND $scores AS score
CALL (score) {
  MATCH (g:Guest)
  USING INDEX SEEK g:Guest(account, riskScore, lastPaymentAt)
  WHERE g.account = $account AND g.riskScore = score
    AND g.lastPaymentAt >= $lower AND g.lastPaymentAt <= $upper
    AND NOT coalesce(g.lastPaymentAt = $cursorAt AND g.id >= $cursorId, false)
    AND ($flagBits IS NULL OR g.riskFlagBits IN $flagBits)
    AND ($hasDispute IS NULL OR g.hasDispute = $hasDispute)
    AND ($hasRefund IS NULL OR g.hasRefund = $hasRefund)
    AND NOT coalesce(g.retired, false)
  RETURN g
  ORDER BY g.account DESC, g.riskScore DESC, g.lastPaymentAt DESC, g.id DESC
  LIMIT $take
}
RETURN g.id AS id
ORDER BY g.lastPaymentAt DESC, g.id DESC
LIMIT $take
