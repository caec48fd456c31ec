// Takes off emails' Radar lists (cardsSeen) the cards that no payment of the account carries with the
// email any more, after payments changed identifiers, were deleted or had an identifier erased. Only a card
// on the list is checked, by one existence test walking the payments of whichever of the two has fewer (a
// hot card is never walked for a rare email), stopping at the first payment still carrying both. A list
// that was full (Radar's bound) is filled up again from the email's payments (stopping at the bound), so its
// size stays min(distinct cards, bound), as a rebuild counts it. Returns the emails whose lists changed
// (their guests' Radar attributes follow).
// Parameters: $account, $bound, $emailPairs: [{email, cards: [fingerprint]}]
UNWIND $emailPairs AS pair
MATCH (e:Email {account: $account, address: pair.email})
WITH e, pair, coalesce(e.cardsSeen, []) AS cardsBefore, COUNT { (e)<-[:HAS_EMAIL]-() } AS emailUses
CALL (e, pair, cardsBefore, emailUses) {
  UNWIND [card IN pair.cards WHERE card IN cardsBefore] AS card
  OPTIONAL MATCH (c:Card {account: $account, fingerprint: card})
  WITH card, c, CASE WHEN c IS NULL THEN 0 ELSE COUNT { (c)<-[:HAS_CARD]-() } END AS cardUses
  WITH card, CASE
         WHEN c IS NULL THEN false
         WHEN emailUses <= cardUses THEN EXISTS { MATCH (e)<-[:HAS_EMAIL]-(p:Payment) WHERE (p)-[:HAS_CARD]->(c) }
         ELSE EXISTS { MATCH (c)<-[:HAS_CARD]-(p:Payment) WHERE (p)-[:HAS_EMAIL]->(e) }
       END AS paired
  WHERE NOT paired
  RETURN collect(card) AS goneCards
}
WITH e, cardsBefore, goneCards
WHERE size(goneCards) > 0
WITH e, cardsBefore, [card IN cardsBefore WHERE NOT card IN goneCards] AS cardsKept
CALL (e, cardsBefore, cardsKept) {
  WITH * WHERE size(cardsBefore) >= $bound
  MATCH (e)<-[:HAS_EMAIL]-(:Payment)-[:HAS_CARD]->(c:Card)
  WHERE NOT c.fingerprint IN cardsKept
  WITH DISTINCT c.fingerprint AS fingerprint LIMIT $bound
  RETURN collect(fingerprint) AS moreCards
}
SET e.cardsSeen = (cardsKept + moreCards)[0..$bound]
RETURN {kind: 'email', value: e.address} AS identifier
