// One page of a guest's payments walking back towards the newest (for ending_before): the payments
// newer than the cursor's order key $after, nearest the cursor first. Ordering on every property of
// the (account, guest, at) index lets Neo4j read the index in order and stop at $take;
// the hint keeps the planner off the (account, at) index, which it may prefer on small or fresh statistics.
// Parameters: $account, $guest (guest id), $after (the cursor payment's `at`), $take
MATCH (p:Payment)
USING INDEX p:Payment(account, guest, at)
WHERE p.account = $account AND p.guest = $guest AND p.at > $after
RETURN p.id AS id
ORDER BY p.account ASC, p.guest ASC, p.at ASC
LIMIT $take
