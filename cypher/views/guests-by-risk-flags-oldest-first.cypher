// The Customers tab filtered by risk_flag / in_ring (and perhaps risk_score, has_dispute, has_refund):
// the previous page (ending_before): the guests just more recent than the cursor, nearest first. A
// guest's flags are kept as one integer (riskFlagBits, src/domain/risk.ts); one seek of the Guest (account, riskFlagBits, lastPaymentAt) index per bit pattern that has the asked
// flags (256 at most), each walked in activity order from the cursor and stopped at $take, then merged:
// a page reads at most $take guests per pattern, however many guests the account has.
// USING INDEX SEEK: given the value from UNWIND, the planner may otherwise pick a scan of the whole index.
// Parameters: $account, $flagBits (the riskFlagBits values wanted), $scoreGte, $scoreLte (riskScore
//   bounds, inclusive, or null), $hasDispute, $hasRefund (booleans or null), $lower, $upper
//   (lastPaymentAt bounds, inclusive), $cursorAt, $cursorId (the ending_before guest's position, or
//   both null), $take
UNWIND $flagBits AS bits
CALL (bits) {
  MATCH (g:Guest)
  USING INDEX SEEK g:Guest(account, riskFlagBits, lastPaymentAt)
  WHERE g.account = $account AND g.riskFlagBits = bits
    AND g.lastPaymentAt >= $lower AND g.lastPaymentAt <= $upper
    AND NOT coalesce(g.lastPaymentAt = $cursorAt AND g.id <= $cursorId, false)
    AND ($scoreGte IS NULL OR g.riskScore >= $scoreGte)
    AND ($scoreLte IS NULL OR g.riskScore <= $scoreLte)
    AND ($hasDispute IS NULL OR g.hasDispute = $hasDispute)
    AND ($hasRefund IS NULL OR g.hasRefund = $hasRefund)
    AND NOT coalesce(g.retired, false)
  RETURN g
  ORDER BY g.account ASC, g.riskFlagBits ASC, g.lastPaymentAt ASC, g.id ASC
  LIMIT $take
}
RETURN g.id AS id
ORDER BY g.lastPaymentAt ASC, g.id ASC
LIMIT $take
