// The Customers tab's row for each of these guests: the summary kept on the Guest node, and its primary
// email, phone and card — each taken from the guest's most recent payment that has one, found by walking
// the Payment (account, guest, at) index newest first (so a guest with 100,000 payments reads a few).
// A payment with two emails offers its billing email before a receipt or description one.
// Its risk facts are the ones ingest keeps on the guest and on its ring (src/domain/risk.ts).
// Parameters: $account, $ids (guest ids; unknown ids give no row)
UNWIND $ids AS guestId
MATCH (g:Guest {account: $account, id: guestId})
OPTIONAL CALL (g) {
  MATCH (p:Payment)
  USING INDEX p:Payment(account, guest, at)
  WHERE p.account = $account AND p.guest = g.id AND p.at IS NOT NULL AND EXISTS { (p)-[:HAS_EMAIL]->() }
  WITH p ORDER BY p.account DESC, p.guest DESC, p.at DESC LIMIT 1
  MATCH (p)-[use:HAS_EMAIL]->(e:Email)
  RETURN e.address AS email
  ORDER BY CASE WHEN 'billing_details.email' IN use.sources OR 'email' IN use.sources THEN 0
                WHEN 'receipt_email' IN use.sources THEN 1 ELSE 2 END, email
  LIMIT 1
}
OPTIONAL CALL (g) {
  MATCH (p:Payment)
  USING INDEX p:Payment(account, guest, at)
  WHERE p.account = $account AND p.guest = g.id AND p.at IS NOT NULL AND EXISTS { (p)-[:HAS_PHONE]->() }
  WITH p ORDER BY p.account DESC, p.guest DESC, p.at DESC LIMIT 1
  MATCH (p)-[:HAS_PHONE]->(ph:Phone)
  RETURN ph.number AS phone ORDER BY phone LIMIT 1
}
OPTIONAL CALL (g) {
  MATCH (p:Payment)
  USING INDEX p:Payment(account, guest, at)
  WHERE p.account = $account AND p.guest = g.id AND p.at IS NOT NULL AND EXISTS { (p)-[:HAS_CARD]->() }
  WITH p ORDER BY p.account DESC, p.guest DESC, p.at DESC LIMIT 1
  MATCH (p)-[:HAS_CARD]->(c:Card)
  RETURN {brand: c.brand, last4: c.last4, fingerprint: c.fingerprint} AS card ORDER BY c.fingerprint LIMIT 1
}
OPTIONAL MATCH (ring:Ring {account: $account, id: g.ring})
RETURN g.id AS id, g.paymentCount AS paymentCount, g.firstPaymentAt AS firstPaymentAt,
       g.lastPaymentAt AS lastPaymentAt, g.disputeCount AS disputeCount, g.totals AS totals,
       email, phone, card,
       {ring: ring.id, ringSize: coalesce(ring.guestCount, 0), disputeDistance: g.disputeDistance,
        identifiersSharedWithDisputed: coalesce(g.identifiersSharedWithDisputed, 0),
        hubIdentifiers: coalesce(g.hubIdentifiers, 0), radar: g.radarSignals} AS risk
