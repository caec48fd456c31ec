// Other guests whose payments used an email, phone or card this guest used (the rule put those
// payments in another guest because that guest used another of their identifiers more recently):
// which identifiers they share, how many of their payments used one, and their payment count.
// Most shared first.
// Parameters: $account, $id (guest id), $limit
MATCH (guest:Guest {account: $account, id: $id})<-[:BELONGS_TO]-(:Payment)-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(identifier)
WITH DISTINCT guest, identifier
MATCH (identifier)<-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]-(q:Payment)-[:BELONGS_TO]->(other:Guest)
  WHERE other <> guest
WITH other,
     collect(DISTINCT {
       type: CASE type(use) WHEN 'HAS_EMAIL' THEN 'email' WHEN 'HAS_PHONE' THEN 'phone' ELSE 'card' END,
       value: coalesce(identifier.address, identifier.number, identifier.fingerprint)
     }) AS sharedIdentifiers,
     count(DISTINCT q) AS sharedPaymentCount
RETURN other.id AS guest, sharedIdentifiers, sharedPaymentCount, other.paymentCount AS paymentCount
ORDER BY size(sharedIdentifiers) DESC, sharedPaymentCount DESC, guest
LIMIT $limit
