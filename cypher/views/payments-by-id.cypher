// The payment resource of each of these payments (ids not in the account are left out; rows come in
// no particular order): the payment's own fields and every email, phone and card it used.
// Parameters: $account, $ids (payment ids)
UNWIND $ids AS id
MATCH (p:Payment {account: $account, id: id})
RETURN p.id AS id, p.created AS created, p.amount AS amount, p.currency AS currency, p.status AS status,
       p.livemode AS livemode, p.description AS description, p.guest AS guest, p.customer AS customer,
       p.paymentIntent AS paymentIntent, p.billingName AS billingName, p.billingCountry AS billingCountry,
       p.cardFingerprint AS cardFingerprint, p.cardBrand AS cardBrand, p.cardLast4 AS cardLast4,
       p.cardExpMonth AS cardExpMonth, p.cardExpYear AS cardExpYear, p.cardCountry AS cardCountry,
       p.amountRefunded AS amountRefunded, p.refunded AS refunded,
       p.disputeStatus AS disputeStatus, p.disputeReason AS disputeReason,
       p.riskLevel AS riskLevel, p.riskScore AS riskScore, p.networkStatus AS networkStatus,
       p.sellerMessage AS sellerMessage, p.outcomeType AS outcomeType, p.metadata AS metadata,
       COLLECT {
         MATCH (p)-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(identifier)
         WITH use, identifier,
              CASE type(use) WHEN 'HAS_EMAIL' THEN 'email' WHEN 'HAS_PHONE' THEN 'phone' ELSE 'card' END AS type
         ORDER BY type, coalesce(identifier.address, identifier.number, identifier.fingerprint)
         RETURN {
           type: type,
           value: coalesce(identifier.address, identifier.number, identifier.fingerprint),
           verified: identifier.verified,
           sources: use.sources
         }
       } AS identifiers
