// Takes off emails' Radar lists (cardsSeen) the cards that no payment of the account carries with the
// email any more, after payments changed identifiers, were deleted or had an identifier erased. Each
// candidate pair is one existence test that stops at the first payment of the email still carrying it. A
// list that was full (Radar's bound) is filled up again from the email's payments (stopping at the bound),
// so its size stays min(distinct cards, bound), as a rebuild counts it. Returns the emails whose lists
// changed (their guests' Radar attributes follow).
// Parameters: $account, $bound, $emailPairs: [{email, cards: [fingerprint]}]
UNWIND $emailPairs AS pair
MATCH (e:Email {account: $account, address: pair.email})
WITH e, pair, coalesce(e.cardsSeen, []) AS cardsBefore
WITH e, cardsBefore,
     [card IN pair.cards WHERE card IN cardsBefore AND NOT EXISTS {
        MATCH (e)<-[:HAS_EMAIL]-(:Payment)-[:HAS_CARD]->(c:Card) WHERE c.fingerprint = card
     }] AS goneCards
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
