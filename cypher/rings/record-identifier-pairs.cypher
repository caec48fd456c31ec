// Records, for Radar's distinct-count attributes, which emails and cardholder names each card was used
// with and which cards each email was used with, over every payment of the account (guests' and registered
// customers'). Radar bounds these counts at 25, so each list keeps at most 25 distinct values: the upkeep
// per payment is bounded. Returns the identifiers whose lists grew (their guests' signals follow).
// Parameters: $account, $ids (ids of newly created payments)
UNWIND $ids AS id
MATCH (p:Payment {account: $account, id: id})
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_EMAIL]->(e:Email)
  RETURN collect(e.address) AS emails
}
CALL (p, emails) {
  MATCH (p)-[:HAS_CARD]->(c:Card)
  WITH c, coalesce(c.emailsSeen, []) AS emailsBefore, coalesce(c.namesSeen, []) AS namesBefore,
       [name IN CASE WHEN p.billingNameSearch IS NULL THEN [] ELSE [p.billingNameSearch] END] AS names
  WITH c, emailsBefore, namesBefore,
       (emailsBefore + [e IN emails WHERE NOT e IN emailsBefore])[0..25] AS emailsAfter,
       (namesBefore + [n IN names WHERE NOT n IN namesBefore])[0..25] AS namesAfter
  SET c.emailsSeen = emailsAfter, c.namesSeen = namesAfter
  WITH c WHERE size(emailsAfter) > size(emailsBefore) OR size(namesAfter) > size(namesBefore)
  RETURN collect({kind: 'card', value: c.fingerprint}) AS cardsGrown
}
CALL (p) {
  OPTIONAL MATCH (p)-[:HAS_CARD]->(c:Card)
  RETURN collect(c.fingerprint) AS cards
}
CALL (p, cards) {
  MATCH (p)-[:HAS_EMAIL]->(e:Email)
  WITH e, coalesce(e.cardsSeen, []) AS before
  WITH e, before, (before + [c IN cards WHERE NOT c IN before])[0..25] AS after
  SET e.cardsSeen = after
  WITH e WHERE size(after) > size(before)
  RETURN collect({kind: 'email', value: e.address}) AS emailsGrown
}
RETURN cardsGrown + emailsGrown AS grown
