// Deletes identifier nodes with every use of them, and rewrites the payments that carried them
// (description and metadata with the value masked, the card fingerprint cleared when the card is erased).
// The caller re-resolves the guest payments among them.
// Parameters: $account, $identifiers: [{kind: 'email'|'phone'|'card', value}],
//   $scrubs: [{id, description, metadata, clearCardFingerprint: boolean}]
CALL () {
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
  DETACH DELETE n
}
UNWIND $scrubs AS scrub
MATCH (p:Payment {account: $account, id: scrub.id})
SET p.description = scrub.description, p.metadata = scrub.metadata, p.updatedAt = datetime()
FOREACH (_ IN CASE WHEN scrub.clearCardFingerprint THEN [1] ELSE [] END | REMOVE p.cardFingerprint)
RETURN count(p) AS scrubbed
