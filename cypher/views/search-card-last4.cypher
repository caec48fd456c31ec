// Search: payments, and the guests they belong to, that used a card ending in these four digits,
// through the Card (account, last4) index. Each side answers its $take most recent.
// One row per hit: object ("payment" | "guest"), id, matchedOn, closeness (0: exact), recency (unix seconds).
// Parameters: $account, $last4 (four digits), $take
CALL () {
  MATCH (c:Card)
  WHERE c.account = $account AND c.last4 = $last4
  MATCH (c)<-[:HAS_CARD]-(p:Payment)
  RETURN 'payment' AS object, p.id AS id, p.created AS recency
  ORDER BY recency DESC, id DESC LIMIT $take
  UNION ALL
  MATCH (c:Card)
  WHERE c.account = $account AND c.last4 = $last4
  MATCH (c)<-[:HAS_CARD]-(:Payment)-[:BELONGS_TO]->(g:Guest)
  WITH DISTINCT g
  RETURN 'guest' AS object, g.id AS id, g.lastPaymentAt AS recency
  ORDER BY recency DESC, id DESC LIMIT $take
}
RETURN object, id, 'card_last4' AS matchedOn, 0 AS closeness, recency
