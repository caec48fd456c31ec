// Creates or updates rings with their summary and risk score (what GET /v1/rings lists and sorts by).
// Parameters: $account, $rings: [{id, founder, guestCount, disputedGuestCount, paymentCount,
//   refundedPaymentCount, disputeCount, failedPaymentCount, firstPaymentAt, lastPaymentAt,
//   totals (JSON string), hubIdentifierCount, score}]
UNWIND $rings AS ring
MERGE (r:Ring {account: $account, id: ring.id})
  ON CREATE SET r.createdAt = datetime()
SET r += ring, r.hasDispute = ring.disputedGuestCount > 0, r.updatedAt = datetime()
RETURN count(r) AS written
