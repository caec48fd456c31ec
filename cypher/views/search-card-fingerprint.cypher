// Search: payments, and the guests they belong to, that used the card with exactly this Stripe
// fingerprint. Each side answers its $take most recent.
// One row per hit: object ("payment" | "guest"), id, matchedOn, closeness (0: exact), recency (unix seconds).
// Parameters: $account, $fingerprint (the query as typed), $take
CALL () {
  MATCH (:Card {account: $account, fingerprint: $fingerprint})<-[:HAS_CARD]-(p:Payment)
  RETURN 'payment' AS object, p.id AS id, p.created AS recency
  ORDER BY recency DESC, id DESC LIMIT $take
  UNION ALL
  MATCH (:Card {account: $account, fingerprint: $fingerprint})<-[:HAS_CARD]-(:Payment)-[:BELONGS_TO]->(g:Guest)
  WITH DISTINCT g
  RETURN 'guest' AS object, g.id AS id, g.lastPaymentAt AS recency
  ORDER BY recency DESC, id DESC LIMIT $take
}
RETURN object, id, 'card_fingerprint' AS matchedOn, 0 AS closeness, recency
