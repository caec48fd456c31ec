// Which of these payment ids the account already holds: their mutable fields, what their guest's
// summary counts of them, and their identity as the last accepted copy gave it (customer, identifiers,
// the details that carry them, and that copy's version), so that a newer copy can be told apart.
// Parameters: $account, $ids (payment ids)
UNWIND $ids AS id
MATCH (p:Payment {account: $account, id: id})
RETURN p.id AS id, p.at AS at, p.guest AS guest, p.created AS created, p.amount AS amount,
       p.currency AS currency, p.status AS status, p.amountRefunded AS amountRefunded,
       p.refunded AS refunded, p.disputeStatus AS disputeStatus, p.disputeReason AS disputeReason,
       p.riskLevel AS riskLevel, p.riskScore AS riskScore, p.networkStatus AS networkStatus,
       p.sellerMessage AS sellerMessage, p.outcomeType AS outcomeType,
       p.customer AS customer, p.version AS version, p.description AS description,
       p.metadata AS metadata, p.billingName AS billingName, p.billingCountry AS billingCountry,
       p.cardBrand AS cardBrand, p.cardLast4 AS cardLast4, p.cardExpMonth AS cardExpMonth,
       p.cardExpYear AS cardExpYear, p.cardCountry AS cardCountry,
       [(p)-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(identifier) | {
         kind: CASE type(use) WHEN 'HAS_EMAIL' THEN 'email' WHEN 'HAS_PHONE' THEN 'phone' ELSE 'card' END,
         value: coalesce(identifier.address, identifier.number, identifier.fingerprint),
         verified: identifier.verified,
         sources: use.sources
       }] AS identifiers
