// Puts one payment, and every payment that joined the guest through it, under the guest its match
// belongs to now (or the guest it founds, when it has no match). Does nothing when that is already so.
// Used when a late payment changes the guest of payments already stored.
// Parameters: $account, $id, $ownGuestId (the id of the guest this payment would found)
MATCH (p:Payment {account: $account, id: $id})
OPTIONAL MATCH (p)-[:MATCHED]->(match:Payment)
WITH p, coalesce(match.guest, $ownGuestId) AS guestId
WHERE p.guest IS NULL OR p.guest <> guestId
MERGE (g:Guest {account: $account, id: guestId})
  ON CREATE SET g.foundingPaymentId = p.id, g.createdAt = datetime(), g.paymentCount = 0
WITH p, g
MATCH (p)<-[:MATCHED*0..]-(d:Payment)
OPTIONAL MATCH (d)-[old:BELONGS_TO]->(previous:Guest)
DELETE old
CREATE (d)-[:BELONGS_TO]->(g)
SET d.guest = g.id
RETURN g.id AS guestId, collect(DISTINCT previous.id) AS previousGuestIds, count(d) AS moved
