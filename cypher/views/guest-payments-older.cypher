// One page of a guest's payments, newest first, older than the cursor's order key ($before: a
// payment's `at`, or "~", which sorts after every order key, for the first page). Ordering on every
// property of the (account, guest, at) index lets Neo4j read the index in order and stop at $take;
// the hint keeps the planner off the (account, at) index, which it may prefer on small or fresh statistics.
// Parameters: $account, $guest (guest id), $before, $take
MATCH (p:Payment)
USING INDEX p:Payment(account, guest, at)
WHERE p.account = $account AND p.guest = $guest AND p.at < $before
RETURN p.id AS id
ORDER BY p.account DESC, p.guest DESC, p.at DESC
LIMIT $take
