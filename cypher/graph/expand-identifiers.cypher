// One hop of a link-analysis search from emails, phones and cards: for each, the guests and registered
// customers whose payments used it, read from up to $window of its payments, each with how many of
// those payments and when first and last (unix seconds); the $perNode that used it most, how many
// distinct ones were found, and how many payments used the identifier in all (its degree, not a count).
// Parameters: $account, $identifiers ([{type: "email"|"phone"|"card", key}]), $window, $perNode
UNWIND $identifiers AS ref
CALL (ref) {
  MATCH (i:Email {account: $account, address: ref.key}) WHERE ref.type = 'email'
  RETURN i, COUNT { (i)<-[:HAS_EMAIL]-() } AS total
  UNION
  MATCH (i:Phone {account: $account, number: ref.key}) WHERE ref.type = 'phone'
  RETURN i, COUNT { (i)<-[:HAS_PHONE]-() } AS total
  UNION
  MATCH (i:Card {account: $account, fingerprint: ref.key}) WHERE ref.type = 'card'
  RETURN i, COUNT { (i)<-[:HAS_CARD]-() } AS total
}
CALL (i) {
  MATCH (i)<-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]-(p:Payment)
  WITH p LIMIT $window
  WITH CASE WHEN p.guest IS NOT NULL THEN 'guest' ELSE 'customer' END AS type, coalesce(p.guest, p.customer) AS key, p
  WHERE key IS NOT NULL
  WITH type, key, count(p) AS uses, min(p.created) AS firstSeen, max(p.created) AS lastSeen
  ORDER BY uses DESC, lastSeen DESC, type DESC, key
  RETURN collect({type: type, key: key, uses: uses, firstSeen: firstSeen, lastSeen: lastSeen}) AS links
}
RETURN ref.type AS type, ref.key AS key, links[0..$perNode] AS links, size(links) AS linkTotal, total
