// Puts newly created guest payments under their guests, creating the guests they found.
// Only used when nothing older changed guest, so each payment's guest is known up front.
// Parameters: $account, $assignments: [{id, guestId}] in (created, id) order
UNWIND $assignments AS assignment
MATCH (p:Payment {account: $account, id: assignment.id})
MERGE (g:Guest {account: $account, id: assignment.guestId})
  ON CREATE SET g.foundingPaymentId = p.id, g.createdAt = datetime(), g.paymentCount = 0
CREATE (p)-[:BELONGS_TO]->(g)
SET p.guest = g.id
RETURN count(p) AS assigned
