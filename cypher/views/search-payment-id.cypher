// Search: the payment whose id is exactly the query, and the guest it belongs to.
// One row per hit: object ("payment" | "guest"), id, matchedOn, closeness (0: exact), recency (unix seconds).
// Parameters: $account, $id (the query as typed)
MATCH (p:Payment {account: $account, id: $id})
CALL (p) {
  RETURN 'payment' AS object, p.id AS id, p.created AS recency
  UNION
  MATCH (p)-[:BELONGS_TO]->(g:Guest)
  RETURN 'guest' AS object, g.id AS id, g.lastPaymentAt AS recency
}
RETURN object, id, 'payment_id' AS matchedOn, 0 AS closeness, recency
