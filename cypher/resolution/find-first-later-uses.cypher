// For each identifier of the given payments, the first later guest payment that used it.
// These are the only payments whose match a newly arrived payment can change: any later use of
// the same identifier already has a more recent earlier use than the new payment.
// Parameters: $account, $ids (ids of newly created guest payments)
UNWIND $ids AS id
MATCH (p:Payment {account: $account, id: id})-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]->()
WHERE use.identity IS NOT NULL
CALL (use) {
  MATCH (later:Payment)-[r:HAS_EMAIL]->()
  WHERE r.identity = use.identity AND r.at > use.at
  RETURN later ORDER BY r.identity, r.at LIMIT 1
  UNION
  MATCH (later:Payment)-[r:HAS_PHONE]->()
  WHERE r.identity = use.identity AND r.at > use.at
  RETURN later ORDER BY r.identity, r.at LIMIT 1
  UNION
  MATCH (later:Payment)-[r:HAS_CARD]->()
  WHERE r.identity = use.identity AND r.at > use.at
  RETURN later ORDER BY r.identity, r.at LIMIT 1
}
WITH later
WHERE later.account = $account
RETURN DISTINCT later.id AS id
