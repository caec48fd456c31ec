// The emails, phones and cards a guest's newest $window payments used (walking the Payment (account,
// guest, at) index newest first, so a guest with 100,000 payments reads $window of them): for each, when
// first and last seen and how many of those payments used it, and how many payments of the account used
// it in all (its degree: a hub shows). Cards come with the details of their most recent payment. Most
// used first.
// Parameters: $account, $id (guest id), $window
MATCH (g:Guest {account: $account, id: $id})
CALL (g) {
  MATCH (p:Payment)
  USING INDEX p:Payment(account, guest, at)
  WHERE p.account = $account AND p.guest = g.id AND p.at IS NOT NULL
  WITH p ORDER BY p.account DESC, p.guest DESC, p.at DESC LIMIT $window
  RETURN p
}
MATCH (p)-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(identifier)
WITH identifier, type(use) AS relationship, min(p.created) AS firstSeen, max(p.created) AS lastSeen,
     count(p) AS paymentCount
WITH identifier, firstSeen, lastSeen, paymentCount,
     CASE relationship WHEN 'HAS_EMAIL' THEN 'email' WHEN 'HAS_PHONE' THEN 'phone' ELSE 'card' END AS type,
     coalesce(identifier.address, identifier.number, identifier.fingerprint) AS value,
     COUNT { (identifier)<-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]-() } AS totalPaymentCount
RETURN type, value, identifier.verified AS verified, firstSeen, lastSeen, paymentCount, totalPaymentCount,
       identifier.brand AS brand, identifier.last4 AS last4, identifier.expMonth AS expMonth,
       identifier.expYear AS expYear, identifier.country AS country
ORDER BY paymentCount DESC, lastSeen DESC, type, value
