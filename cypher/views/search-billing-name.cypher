// Search: payments, and the guests they belong to, whose billing name contains the query, ignoring case
// and accents ("zoe" finds "Zoë"): billingNameSearch is stored folded (lower-case, accents removed) and
// the query is folded the same way. The TEXT index on Payment(billingNameSearch) answers CONTAINS; as a
// TEXT index holds a single property, it finds the matches of every account and the account is checked
// on each hit. Closeness: the whole name (0), the start of the name or of one of its words (1), anywhere (2).
// Each side answers its best $take: closest, then most recent.
// One row per hit: object ("payment" | "guest"), id, matchedOn, closeness, recency (unix seconds).
// Parameters: $account, $name (the query folded like billingNameSearch), $take
CALL () {
  MATCH (p:Payment)
  WHERE p.billingNameSearch CONTAINS $name AND p.account = $account
  WITH p, CASE WHEN p.billingNameSearch = $name THEN 0
               WHEN p.billingNameSearch STARTS WITH $name OR p.billingNameSearch CONTAINS ' ' + $name THEN 1
               ELSE 2 END AS closeness
  RETURN 'payment' AS object, p.id AS id, closeness, p.created AS recency
  ORDER BY closeness, recency DESC, id DESC LIMIT $take
  UNION ALL
  MATCH (p:Payment)
  WHERE p.billingNameSearch CONTAINS $name AND p.account = $account
  MATCH (p)-[:BELONGS_TO]->(g:Guest)
  WITH g, min(CASE WHEN p.billingNameSearch = $name THEN 0
                   WHEN p.billingNameSearch STARTS WITH $name OR p.billingNameSearch CONTAINS ' ' + $name THEN 1
                   ELSE 2 END) AS closeness
  RETURN 'guest' AS object, g.id AS id, closeness, g.lastPaymentAt AS recency
  ORDER BY closeness, recency DESC, id DESC LIMIT $take
}
RETURN object, id, 'billing_name' AS matchedOn, closeness, recency
