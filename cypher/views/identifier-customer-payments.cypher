// Registered customers' payments that used one email, phone or card (up to $take of them; customers'
// uses carry no identity, so they are found by walking the identifier's relationships, not an index),
// each with its time, amount, status, refund, dispute, customer, and the other identifiers it carried.
// Parameters: $account, $type ('email', 'phone' or 'card'), $value (stored form), $take
CALL () {
  MATCH (i:Email {account: $account, address: $value}) WHERE $type = 'email' RETURN i
  UNION
  MATCH (i:Phone {account: $account, number: $value}) WHERE $type = 'phone' RETURN i
  UNION
  MATCH (i:Card {account: $account, fingerprint: $value}) WHERE $type = 'card' RETURN i
}
MATCH (i)<-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]-(p:Payment)
WHERE use.identity IS NULL AND p.customer IS NOT NULL
WITH p LIMIT $take
RETURN p.id AS id, p.created AS created, p.amount AS amount, p.currency AS currency, p.status AS status,
       coalesce(p.amountRefunded, 0) AS amountRefunded, p.disputeStatus IS NOT NULL AS disputed, p.customer AS owner,
       COLLECT { MATCH (p)-[:HAS_EMAIL]->(e:Email) RETURN e.address } AS emails,
       COLLECT { MATCH (p)-[:HAS_PHONE]->(ph:Phone) RETURN ph.number } AS phones,
       COLLECT { MATCH (p)-[:HAS_CARD]->(c:Card) RETURN c.fingerprint } AS cards
