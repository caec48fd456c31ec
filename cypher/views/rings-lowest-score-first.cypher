// GET /v1/rings with ending_before: the rings just above the cursor in the list's order (score, then
// id), nearest first, walked off the Ring (account, score, id) index upwards; same filters as the list.
// Parameters: $account, $lower, $upper (score bounds, inclusive; the cursor's score is the lower one),
//   $cursorScore, $cursorId (the ending_before ring's position), $minGuests, $since (unix seconds),
//   $hasDispute (true, false or null for either), $take (rows wanted)
MATCH (r:Ring)
USING INDEX r:Ring(account, score, id)
WHERE r.account = $account AND r.score >= $lower AND r.score <= $upper AND r.id IS NOT NULL
  AND NOT coalesce(r.score = $cursorScore AND r.id <= $cursorId, false)
  AND r.guestCount >= $minGuests AND r.lastPaymentAt >= $since
  AND ($hasDispute IS NULL OR r.hasDispute = $hasDispute)
RETURN r.id AS id
ORDER BY r.account ASC, r.score ASC, r.id ASC
LIMIT $take
