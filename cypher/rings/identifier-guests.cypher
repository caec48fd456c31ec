// The guests that used these identifiers (their USED links): when an identifier becomes a hub or stops
// being one, these are the guests whose rings change. Bounded: it happens when the identifier's guest
// count crosses the hub threshold.
// Parameters: $account, $identifiers: [{kind: "email"|"phone"|"card", value}]
UNWIND $identifiers AS identifier
CALL (identifier) {
  MATCH (i:Email {account: $account, address: identifier.value}) WHERE identifier.kind = 'email' RETURN i
  UNION
  MATCH (i:Phone {account: $account, number: identifier.value}) WHERE identifier.kind = 'phone' RETURN i
  UNION
  MATCH (i:Card {account: $account, fingerprint: identifier.value}) WHERE identifier.kind = 'card' RETURN i
}
MATCH (i)<-[:USED]-(g:Guest)
RETURN DISTINCT g.id AS id
