// One hop of a link-analysis search from guests: for each guest, the emails, phones and cards its
// newest $window payments used (walking the Payment (account, guest, at) index newest first, so a guest
// with 100,000 payments reads $window of them), each with how many of those payments used it and when
// first and last (unix seconds); the $perNode most used, and how many distinct identifiers were found.
// Parameters: $account, $ids (guest ids), $window, $perNode
UNWIND $ids AS guestId
MATCH (g:Guest {account: $account, id: guestId})
CALL (g) {
  MATCH (p:Payment)
  USING INDEX p:Payment(account, guest, at)
  WHERE p.account = $account AND p.guest = g.id AND p.at IS NOT NULL
  WITH p ORDER BY p.account DESC, p.guest DESC, p.at DESC LIMIT $window
  MATCH (p)-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(identifier)
  WITH identifier, type(use) AS relationship, count(p) AS uses, min(p.created) AS firstSeen, max(p.created) AS lastSeen
  WITH CASE relationship WHEN 'HAS_EMAIL' THEN 'email' WHEN 'HAS_PHONE' THEN 'phone' ELSE 'card' END AS type,
       coalesce(identifier.address, identifier.number, identifier.fingerprint) AS key, uses, firstSeen, lastSeen
  ORDER BY uses DESC, lastSeen DESC, type, key
  RETURN collect({type: type, key: key, uses: uses, firstSeen: firstSeen, lastSeen: lastSeen}) AS links
}
RETURN g.id AS key, links[0..$perNode] AS links, size(links) AS linkTotal, coalesce(g.paymentCount, 0) AS total
