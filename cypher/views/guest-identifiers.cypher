// Every email, phone and card a guest's payments used: when first and last seen (unix seconds) and
// how many of its payments used it. Cards come with the details of their most recent payment.
// Parameters: $account, $id (guest id)
MATCH (:Guest {account: $account, id: $id})<-[:BELONGS_TO]-(p:Payment)-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(identifier)
WITH identifier, type(use) AS relationship, min(p.created) AS firstSeen, max(p.created) AS lastSeen,
     count(p) AS paymentCount
WITH identifier, firstSeen, lastSeen, paymentCount,
     CASE relationship WHEN 'HAS_EMAIL' THEN 'email' WHEN 'HAS_PHONE' THEN 'phone' ELSE 'card' END AS type,
     coalesce(identifier.address, identifier.number, identifier.fingerprint) AS value
RETURN type, value, identifier.verified AS verified, firstSeen, lastSeen, paymentCount,
       identifier.brand AS brand, identifier.last4 AS last4, identifier.expMonth AS expMonth,
       identifier.expYear AS expYear, identifier.country AS country
ORDER BY type, lastSeen DESC, value
