// Everything a ring recompute needs of these guests and of every member of these rings: the founding
// payment (the ring's founder is its oldest guest), the summary (the ring's counts and amounts), the
// dispute flag, and each identifier the guest used with its hub flag.
// Parameters: $account, $guestIds, $ringIds
CALL () {
  UNWIND $guestIds AS guestId
  MATCH (g:Guest {account: $account, id: guestId})
  RETURN g
  UNION
  UNWIND $ringIds AS ringId
  MATCH (g:Guest)
  WHERE g.account = $account AND g.ring = ringId
  RETURN g
}
CALL (g) {
  OPTIONAL MATCH (g)-[:USED]->(i)
  WITH i WHERE i IS NOT NULL
  RETURN collect({
    identity: CASE WHEN i:Email THEN 'email/' + i.address WHEN i:Phone THEN 'phone/' + i.number
                   ELSE 'card/' + i.fingerprint END,
    hub: coalesce(i.hub, false)
  }) AS uses
}
RETURN g.id AS id, g.foundingPaymentId AS foundingPaymentId, g.ring AS ring,
       coalesce(g.paymentCount, 0) AS paymentCount, g.firstPaymentAt AS firstPaymentAt,
       g.lastPaymentAt AS lastPaymentAt, coalesce(g.disputeCount, 0) AS disputeCount,
       coalesce(g.refundedPaymentCount, 0) AS refundedPaymentCount,
       coalesce(g.failedPaymentCount, 0) AS failedPaymentCount, g.totals AS totals, uses
