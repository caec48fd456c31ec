// One hop of a link-analysis search from payments: each payment's emails, phones and cards, and the
// guest or registered customer it belongs to.
// Parameters: $account, $ids (payment ids)
UNWIND $ids AS paymentId
MATCH (p:Payment {account: $account, id: paymentId})
CALL (p) {
  OPTIONAL MATCH (p)-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(identifier)
  WITH use, identifier WHERE use IS NOT NULL
  WITH CASE type(use) WHEN 'HAS_EMAIL' THEN 'email' WHEN 'HAS_PHONE' THEN 'phone' ELSE 'card' END AS type,
       coalesce(identifier.address, identifier.number, identifier.fingerprint) AS key, use.sources AS sources
  ORDER BY type, key
  RETURN collect({type: type, key: key, sources: sources}) AS identifiers
}
RETURN p.id AS key, identifiers, p.guest AS guest, p.customer AS customer, p.created AS created
