// Search: payments, and the guests they belong to, by email address: the address itself (matchedOn
// "email") or addresses starting with the query ("email_prefix"), through the Email (account, address)
// constraint's range index (STARTS WITH seeks it). At most $maxAddresses addresses are read, in
// alphabetical order, and the exact address sorts first of them. Each side answers its best $take:
// exact before prefix, then most recent.
// One row per hit: object ("payment" | "guest"), id, matchedOn, closeness (0: exact, 1: prefix), recency (unix seconds).
// Parameters: $account, $prefix (the query, trimmed and lower-cased), $maxAddresses, $take
CALL () {
  MATCH (e:Email)
  WHERE e.account = $account AND e.address STARTS WITH $prefix
  WITH e ORDER BY e.account, e.address LIMIT $maxAddresses
  MATCH (e)<-[:HAS_EMAIL]-(p:Payment)
  WITH p, min(CASE WHEN e.address = $prefix THEN 0 ELSE 1 END) AS closeness
  RETURN 'payment' AS object, p.id AS id, closeness, p.created AS recency
  ORDER BY closeness, recency DESC, id DESC LIMIT $take
  UNION ALL
  MATCH (e:Email)
  WHERE e.account = $account AND e.address STARTS WITH $prefix
  WITH e ORDER BY e.account, e.address LIMIT $maxAddresses
  MATCH (e)<-[:HAS_EMAIL]-(:Payment)-[:BELONGS_TO]->(g:Guest)
  WITH g, min(CASE WHEN e.address = $prefix THEN 0 ELSE 1 END) AS closeness
  RETURN 'guest' AS object, g.id AS id, closeness, g.lastPaymentAt AS recency
  ORDER BY closeness, recency DESC, id DESC LIMIT $take
}
RETURN object, id, CASE closeness WHEN 0 THEN 'email' ELSE 'email_prefix' END AS matchedOn, closeness, recency
