// Creates payments seen for the first time, linked to the emails, phones and cards they used.
// A guest payment's use carries `identity` and `at`, which the resolution seeks run on; a registered
// customer's payment is linked too (guest views show related customers) but without them, so it
// never takes part in the guest rule.
// Parameters: $account, $payments: [{properties: {account, id, at, created, ...}, guest: boolean,
//   customer: string|null, emails: [{value, identity, sources}], phones: [{value, verified, identity, sources}],
//   cards: [{value, identity, sources, brand, last4, expMonth, expYear, country}]}]
UNWIND $payments AS row
CREATE (p:Payment)
SET p = row.properties
WITH p, row
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
  // The card's details as of its most recent payment (a reissued card keeps its fingerprint, not its expiry).
  FOREACH (_ IN CASE WHEN c.seenAt IS NULL OR c.seenAt < p.at THEN [1] ELSE [] END |
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
// A payment deleted before, sent again in a copy newer than the deletion: it is back, its tombstone goes.
CALL (p) {
  MATCH (tombstone:DeletedPayment {account: $account, id: p.id})
  DELETE tombstone
}
RETURN count(p) AS created
