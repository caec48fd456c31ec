// The newest guest payments that used one email, phone or card, read in order off the (identity, at)
// relationship index and stopping at $take, so a card used 100,000 times reads $take of them: each with
// its time, amount, status, refund, dispute, guest, and the other identifiers it carried.
// Parameters: $account, $identity (account/type/value), $take
CALL () {
  MATCH (p:Payment)-[use:HAS_EMAIL]->()
  WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT $take
  RETURN p
  UNION
  MATCH (p:Payment)-[use:HAS_PHONE]->()
  WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT $take
  RETURN p
  UNION
  MATCH (p:Payment)-[use:HAS_CARD]->()
  WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT $take
  RETURN p
}
WITH p WHERE p.account = $account
RETURN p.id AS id, p.created AS created, p.amount AS amount, p.currency AS currency, p.status AS status,
       coalesce(p.amountRefunded, 0) AS amountRefunded, p.disputeStatus IS NOT NULL AS disputed, p.guest AS owner,
       COLLECT { MATCH (p)-[:HAS_EMAIL]->(e:Email) RETURN e.address } AS emails,
       COLLECT { MATCH (p)-[:HAS_PHONE]->(ph:Phone) RETURN ph.number } AS phones,
       COLLECT { MATCH (p)-[:HAS_CARD]->(c:Card) RETURN c.fingerprint } AS cards
ORDER BY p.at DESC
