// Why a payment belongs to its guest. For each identifier it used: the most recent earlier guest
// payment with that identifier and the guest that payment is in now. The payment joined the guest of
// the most recent of those (its MATCHED edge); the others lost because their use was older.
// Parameters: $account, $id (payment id)
MATCH (p:Payment {account: $account, id: $id})
OPTIONAL MATCH (p)-[:MATCHED]->(match:Payment)
CALL (p) {
  OPTIONAL MATCH (p)-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]->()
  WHERE use.identity IS NOT NULL
  OPTIONAL CALL (use) {
    MATCH (earlier:Payment)-[r:HAS_EMAIL]->()
    WHERE r.identity = use.identity AND r.at < use.at
    RETURN earlier ORDER BY r.identity DESC, r.at DESC LIMIT 1
    UNION
    MATCH (earlier:Payment)-[r:HAS_PHONE]->()
    WHERE r.identity = use.identity AND r.at < use.at
    RETURN earlier ORDER BY r.identity DESC, r.at DESC LIMIT 1
    UNION
    MATCH (earlier:Payment)-[r:HAS_CARD]->()
    WHERE r.identity = use.identity AND r.at < use.at
    RETURN earlier ORDER BY r.identity DESC, r.at DESC LIMIT 1
  }
  WITH use, earlier
  WHERE use IS NOT NULL
  RETURN collect({
    identity: use.identity,
    earlierPayment: earlier.id,
    earlierCreated: earlier.created,
    earlierGuest: earlier.guest
  }) AS uses
}
RETURN p.id AS id, p.created AS created, p.customer AS customer, p.guest AS guest,
       match.id AS matchId, match.created AS matchCreated, uses
