// The other guests and the registered customers whose payments used an email, phone or card this guest
// used (the rule put those payments elsewhere because another of their identifiers was used more
// recently), bounded on hubs: the identifiers come from the guest's newest $window payments, the
// $maxIdentifiers most used of them are followed, and each is read for $usesPerIdentifier payments at
// most. For each guest or customer found: the identifiers it shares, how many of its payments used one,
// and its payment count. Also how many identifiers were found and followed, and which were read in part.
// Parameters: $account, $id (guest id), $window, $maxIdentifiers, $usesPerIdentifier
MATCH (guest:Guest {account: $account, id: $id})
CALL (guest) {
  MATCH (p:Payment)
  USING INDEX p:Payment(account, guest, at)
  WHERE p.account = $account AND p.guest = guest.id AND p.at IS NOT NULL
  WITH p ORDER BY p.account DESC, p.guest DESC, p.at DESC LIMIT $window
  MATCH (p)-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(identifier)
  WITH identifier, count(p) AS uses
  ORDER BY uses DESC
  RETURN collect(identifier) AS identifiers
}
WITH guest, size(identifiers) AS identifierCount, identifiers[0..$maxIdentifiers] AS followed
CALL (guest, followed) {
  UNWIND followed AS identifier
  CALL (identifier) {
    MATCH (identifier)<-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]-(q:Payment)
    WITH q, use LIMIT $usesPerIdentifier
    RETURN q, use
  }
  WITH identifier, q, use, coalesce(q.guest, q.customer) AS other
  WHERE other IS NOT NULL AND (q.guest IS NULL OR q.guest <> guest.id)
  WITH CASE WHEN q.guest IS NOT NULL THEN 'guest' ELSE 'customer' END AS kind, other,
       collect(DISTINCT {
         type: CASE type(use) WHEN 'HAS_EMAIL' THEN 'email' WHEN 'HAS_PHONE' THEN 'phone' ELSE 'card' END,
         value: coalesce(identifier.address, identifier.number, identifier.fingerprint)
       }) AS sharedIdentifiers,
       count(DISTINCT q) AS sharedPaymentCount
  OPTIONAL MATCH (linked:Guest {account: $account, id: other}) WHERE kind = 'guest'
  OPTIONAL MATCH (customer:Customer {account: $account, id: other}) WHERE kind = 'customer'
  RETURN collect({
    kind: kind, id: other, sharedIdentifiers: sharedIdentifiers, sharedPaymentCount: sharedPaymentCount,
    paymentCount: CASE kind WHEN 'guest' THEN coalesce(linked.paymentCount, 0)
                  ELSE COUNT { (customer)<-[:MADE_BY]-() } END
  }) AS links
}
CALL (followed) {
  UNWIND followed AS identifier
  WITH identifier WHERE COUNT { (identifier)<-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]-() } > $usesPerIdentifier
  RETURN collect(coalesce('email:' + identifier.address, 'phone:' + identifier.number, 'card:' + identifier.fingerprint)) AS hubs
}
RETURN identifierCount, size(followed) AS followedCount, hubs, links
