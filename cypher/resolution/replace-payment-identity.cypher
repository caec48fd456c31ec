// Replaces what a newer copy of a payment says about who made it: its uses of emails, phones and cards
// are rewritten (identifiers no payment uses any more are then deleted), its customer relinked, and the
// details they come from (description, billing, card, metadata) and the copy's version set. A guest
// payment's uses carry `identity` and `at` for the guest rule, as at creation; a registered customer's don't.
// The caller re-resolves the payments whose match this can change.
// Parameters: $account, $payments: [{id, guest: boolean, customer: string|null, properties: {version, description, ...},
//   emails: [{value, identity, sources}], phones: [{value, verified, identity, sources}],
//   cards: [{value, identity, sources, brand, last4, expMonth, expYear, country}]}]
UNWIND $payments AS row
MATCH (p:Payment {account: $account, id: row.id})
OPTIONAL MATCH (p)-[old:HAS_EMAIL|HAS_PHONE|HAS_CARD|MADE_BY]->(linked)
WITH p, row, collect(old) AS olds, collect(DISTINCT linked) AS previouslyLinked
FOREACH (old IN olds | DELETE old)
SET p += row.properties, p.updatedAt = datetime()
WITH p, row, previouslyLinked
CALL (p, row) {
  UNWIND row.emails AS email
  MERGE (e:Email {account: $account, address: email.value})
  CREATE (p)-[use:HAS_EMAIL {sources: email.sources}]->(e)
  SET use.identity = CASE WHEN row.guest THEN email.identity END,
      use.at = CASE WHEN row.guest THEN p.at END
}
CALL (p, row) {
  UNWIND row.phones AS phone
  MERGE (ph:Phone {account: $account, number: phone.value})
    ON CREATE SET ph.verified = phone.verified
  CREATE (p)-[use:HAS_PHONE {sources: phone.sources}]->(ph)
  SET use.identity = CASE WHEN row.guest THEN phone.identity END,
      use.at = CASE WHEN row.guest THEN p.at END
}
CALL (p, row) {
  UNWIND row.cards AS card
  MERGE (c:Card {account: $account, fingerprint: card.value})
  FOREACH (_ IN CASE WHEN c.seenAt IS NULL OR c.seenAt <= p.at THEN [1] ELSE [] END |
    SET c.seenAt = p.at, c.brand = card.brand, c.last4 = card.last4, c.expMonth = card.expMonth,
        c.expYear = card.expYear, c.country = card.country)
  CREATE (p)-[use:HAS_CARD {sources: card.sources}]->(c)
  SET use.identity = CASE WHEN row.guest THEN card.identity END,
      use.at = CASE WHEN row.guest THEN p.at END
}
CALL (p, row) {
  WITH p, row
  WHERE row.customer IS NOT NULL
  MERGE (c:Customer {account: $account, id: row.customer})
  CREATE (p)-[:MADE_BY]->(c)
}
// Only now, so that an identifier the payment keeps is never deleted and made again (its guests' links stay).
CALL (previouslyLinked) {
  UNWIND previouslyLinked AS linked
  WITH linked
  WHERE NOT EXISTS { (linked)<-[]-(:Payment) }
  DETACH DELETE linked
}
RETURN count(p) AS replaced
