// GET /v1/rings: one page of the account's rings, highest risk score first (score, then id, both
// descending). Walks the Ring (account, score, id) index in order from the cursor, never guests or
// payments; the filters are checked on the rings walked. The hint keeps the planner on the index while an
// account has few rings.
// Parameters: $account, $lower, $upper (score bounds, inclusive; the cursor's score is the upper one),
//   $cursorScore, $cursorId (the starting_after ring's position, or both null), $minGuests,
//   $since (unix seconds: only rings with a payment at or after it), $hasDispute (true, false or null
//   for either), $take (rows wanted)
MATCH (r:Ring)
USING INDEX r:Ring(account, score, id)
WHERE r.account = $account AND r.score >= $lower AND r.score <= $upper AND r.id IS NOT NULL
  AND NOT coalesce(r.score = $cursorScore AND r.id >= $cursorId, false)
  AND r.guestCount >= $minGuests AND r.lastPaymentAt >= $since
  AND ($hasDispute IS NULL OR r.hasDispute = $hasDispute)
RETURN r.id AS id
ORDER BY r.account DESC, r.score DESC, r.id DESC
LIMIT $take
