// Recomputes the counters and activity times of guests whose payments moved. A guest left with no
// payments is retired: its founding payment now belongs to an older guest, which its id leads to.
// Parameters: $account, $guestIds
UNWIND $guestIds AS guestId
MATCH (g:Guest {account: $account, id: guestId})
OPTIONAL MATCH (g)<-[:BELONGS_TO]-(p:Payment)
WITH g, count(p) AS payments, min(p.created) AS first, max(p.created) AS last
SET g.paymentCount = payments, g.firstPaymentAt = first, g.lastPaymentAt = last, g.retired = payments = 0
RETURN count(g) AS recounted
