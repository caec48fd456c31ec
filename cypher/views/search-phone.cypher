// Search: payments, and the guests they belong to, that used a phone number written any of these ways
// (E.164 and the bare digits, as ingest stores verified and unverified numbers). Each side answers its
// $take most recent.
// One row per hit: object ("payment" | "guest"), id, matchedOn, closeness (0: exact), recency (unix seconds).
// Parameters: $account, $numbers (spellings to look up, e.g. ["+14155550123", "14155550123"]), $take
CALL () {
  UNWIND $numbers AS number
  MATCH (:Phone {account: $account, number: number})<-[:HAS_PHONE]-(p:Payment)
  WITH DISTINCT p
  RETURN 'payment' AS object, p.id AS id, p.created AS recency
  ORDER BY recency DESC, id DESC LIMIT $take
  UNION ALL
  UNWIND $numbers AS number
  MATCH (:Phone {account: $account, number: number})<-[:HAS_PHONE]-(:Payment)-[:BELONGS_TO]->(g:Guest)
  WITH DISTINCT g
  RETURN 'guest' AS object, g.id AS id, g.lastPaymentAt AS recency
  ORDER BY recency DESC, id DESC LIMIT $take
}
RETURN object, id, 'phone' AS matchedOn, 0 AS closeness, recency
