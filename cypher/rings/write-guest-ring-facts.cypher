// Writes what a ring recompute found for each guest: its ring (null when it is in none), the hops to
// the nearest guest with a disputed payment, how many of its identifiers disputed guests also used, and
// how many hub identifiers it used.
// Parameters: $account, $facts: [{id, ring, disputeDistance, identifiersSharedWithDisputed, hubIdentifiers}]
UNWIND $facts AS fact
MATCH (g:Guest {account: $account, id: fact.id})
SET g.ring = fact.ring,
    g.disputeDistance = fact.disputeDistance,
    g.identifiersSharedWithDisputed = fact.identifiersSharedWithDisputed,
    g.hubIdentifiers = fact.hubIdentifiers
RETURN count(g) AS written
