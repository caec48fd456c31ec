// One page of an account's payments in (created, id) order, with the identities its guest payments
// used: what `verify` replays the guest rule over.
// Parameters: $account, $after (order key to continue after; "" to start), $limit (page size)
MATCH (p:Payment)
WHERE p.account = $account AND p.at > $after
WITH p
ORDER BY p.account, p.at
LIMIT $limit
OPTIONAL MATCH (p)-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]->()
WHERE use.identity IS NOT NULL
WITH p, collect(use.identity) AS identities
RETURN p.id AS id, p.at AS at, p.customer IS NOT NULL AS registered, p.guest AS guest, identities
ORDER BY at
