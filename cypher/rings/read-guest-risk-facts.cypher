// What each guest's risk score and flags are computed from (src/domain/risk.ts): its dispute count, the
// ring facts and Radar attributes ingest keeps on it, and its ring's size — the same facts the guest
// list and view read, so the stored score is the one they show.
// Parameters: $account, $guestIds (guest ids; unknown ids give no row)
UNWIND $guestIds AS guestId
MATCH (g:Guest {account: $account, id: guestId})
OPTIONAL MATCH (ring:Ring {account: $account, id: g.ring})
RETURN g.id AS id, coalesce(g.disputeCount, 0) AS disputeCount, ring.id AS ring,
       coalesce(ring.guestCount, 0) AS ringSize, g.disputeDistance AS disputeDistance,
       coalesce(g.identifiersSharedWithDisputed, 0) AS identifiersSharedWithDisputed,
       coalesce(g.hubIdentifiers, 0) AS hubIdentifiers, g.radarSignals AS radar
