// Every payment of the account that uses one of these identifiers (guest or registered customer's),
// with what an erasure rewrites of it: its guest, customer, description and metadata.
// Parameters: $account, $identifiers: [{kind: 'email'|'phone'|'card', value}]
UNWIND $identifiers AS identifier
CALL (identifier) {
  MATCH (n:Email {account: $account, address: identifier.value})
  WHERE identifier.kind = 'email'
  RETURN n
  UNION
  MATCH (n:Phone {account: $account, number: identifier.value})
  WHERE identifier.kind = 'phone'
  RETURN n
  UNION
  MATCH (n:Card {account: $account, fingerprint: identifier.value})
  WHERE identifier.kind = 'card'
  RETURN n
}
MATCH (n)<-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]-(p:Payment)
RETURN DISTINCT p.id AS id, p.guest AS guest, p.customer AS customer, p.description AS description,
       p.metadata AS metadata
