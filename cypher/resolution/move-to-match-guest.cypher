// Puts one payment, and every payment that joined the guest through it, under the guest its match
// belongs to now (or the guest it founds, when it has no match). Does nothing when that is already so.
// Used when a late payment changes the guest of payments already stored. Returns each payment that
// moved (id, order key), with the guest it left and what the guests' summaries count of it.
// Parameters: $account, $id, $ownGuestId (the id of the guest this payment would found)
MATCH (p:Payment {account: $account, id: $id})
OPTIONAL MATCH (p)-[:MATCHED]->(match:Payment)
WITH p, coalesce(match.guest, $ownGuestId) AS guestId
WHERE p.guest IS NULL OR p.guest <> guestId
MERGE (g:Guest {account: $account, id: guestId})
  ON CREATE SET g.foundingPaymentId = p.id, g.createdAt = datetime(), g.paymentCount = 0
WITH p, g
MATCH (p)<-[:MATCHED*0..]-(d:Payment)
WHERE d.guest IS NULL OR d.guest <> g.id
OPTIONAL MATCH (d)-[old:BELONGS_TO]->(:Guest)
DELETE old
WITH g, d, d.guest AS previousGuest
CREATE (d)-[:BELONGS_TO]->(g)
SET d.guest = g.id
RETURN g.id AS guestId,
       collect({
         id: d.id, at: d.at, previousGuest: previousGuest, created: d.created, amount: d.amount, currency: d.currency,
         status: d.status, amountRefunded: coalesce(d.amountRefunded, 0), disputed: d.disputeStatus IS NOT NULL
       }) AS moved
