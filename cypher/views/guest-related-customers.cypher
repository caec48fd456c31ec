// Registered customers that used an email, phone or card a guest used: which of them, how many of
// the customer's payments used one, and how many payments the customer has in all. Most shared first.
// Parameters: $account, $id (guest id), $limit
MATCH (:Guest {account: $account, id: $id})<-[:BELONGS_TO]-(:Payment)-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(identifier)
WITH DISTINCT identifier
MATCH (identifier)<-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]-(q:Payment)-[:MADE_BY]->(customer:Customer)
WITH customer,
     collect(DISTINCT {
       type: CASE type(use) WHEN 'HAS_EMAIL' THEN 'email' WHEN 'HAS_PHONE' THEN 'phone' ELSE 'card' END,
       value: coalesce(identifier.address, identifier.number, identifier.fingerprint)
     }) AS sharedIdentifiers,
     count(DISTINCT q) AS sharedPaymentCount
RETURN customer.id AS customer, sharedIdentifiers, sharedPaymentCount,
       COUNT { (customer)<-[:MADE_BY]-(:Payment) } AS paymentCount
ORDER BY size(sharedIdentifiers) DESC, sharedPaymentCount DESC, customer
LIMIT $limit
