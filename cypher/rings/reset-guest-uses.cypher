// Replaces these guests' USED links with the given ones (payments per identifier), from a rebuild.
// Parameters: $account, $guestIds, $uses: [{guest, kind: "email"|"phone"|"card", value, payments}]
CALL () {
  UNWIND $guestIds AS guestId
  MATCH (g:Guest {account: $account, id: guestId})-[old:USED]->()
  DELETE old
}
UNWIND $uses AS use
MATCH (g:Guest {account: $account, id: use.guest})
CALL (use) {
  MATCH (i:Email {account: $account, address: use.value}) WHERE use.kind = 'email' RETURN i
  UNION
  MATCH (i:Phone {account: $account, number: use.value}) WHERE use.kind = 'phone' RETURN i
  UNION
  MATCH (i:Card {account: $account, fingerprint: use.value}) WHERE use.kind = 'card' RETURN i
}
CREATE (g)-[:USED {payments: use.payments}]->(i)
RETURN count(*) AS written
