// One hop of a link-analysis search from registered customers: for each customer, the emails, phones
// and cards used by up to $window of its payments, each with how many of those payments used it and
// when first and last (unix seconds); the $perNode most used, how many distinct identifiers were
// found, and how many payments the customer has in all.
// Parameters: $account, $ids (customer ids), $window, $perNode
UNWIND $ids AS customerId
MATCH (c:Customer {account: $account, id: customerId})
CALL (c) {
  MATCH (c)<-[:MADE_BY]-(p:Payment)
  WITH p LIMIT $window
  MATCH (p)-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(identifier)
  WITH identifier, type(use) AS relationship, count(p) AS uses, min(p.created) AS firstSeen, max(p.created) AS lastSeen
  WITH CASE relationship WHEN 'HAS_EMAIL' THEN 'email' WHEN 'HAS_PHONE' THEN 'phone' ELSE 'card' END AS type,
       coalesce(identifier.address, identifier.number, identifier.fingerprint) AS key, uses, firstSeen, lastSeen
  ORDER BY uses DESC, lastSeen DESC, type, key
  RETURN collect({type: type, key: key, uses: uses, firstSeen: firstSeen, lastSeen: lastSeen}) AS links
}
RETURN c.id AS key, links[0..$perNode] AS links, size(links) AS linkTotal, COUNT { (c)<-[:MADE_BY]-() } AS total
