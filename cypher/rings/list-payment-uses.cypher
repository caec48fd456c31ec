// One page of an account's payments in (created, id) order with what rings and Radar's counts are made
// of: guest, status, amounts, dispute, billing name and identifiers. What `guestgraph rings --rebuild`
// recomputes an account's rings from (a command, not a request: it reads the whole account).
// Parameters: $account, $after (order key to continue after; "" to start), $limit (page size)
MATCH (p:Payment)
WHERE p.account = $account AND p.at > $after
WITH p
ORDER BY p.account, p.at
LIMIT $limit
OPTIONAL MATCH (p)-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(i)
WITH p, collect(CASE WHEN i IS NOT NULL THEN {
  kind: CASE WHEN i:Email THEN 'email' WHEN i:Phone THEN 'phone' ELSE 'card' END,
  value: coalesce(i.address, i.number, i.fingerprint)
} END) AS identifiers
RETURN p.id AS id, p.at AS at, p.created AS created, p.guest AS guest, p.status AS status,
       p.amount AS amount, p.currency AS currency, coalesce(p.amountRefunded, 0) AS amountRefunded,
       p.disputeStatus IS NOT NULL AS disputed, p.billingNameSearch AS name, identifiers
ORDER BY at
