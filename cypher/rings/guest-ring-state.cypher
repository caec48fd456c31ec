// What ingest keeps on each guest for rings and risk: its ring, its ring facts, its Radar attributes, its
// risk score and flag bits, and its USED links (identifier and how many of its payments used it). What `guestgraph verify` compares
// with a recomputation from the payments as stored now.
// Parameters: $account, $guestIds
UNWIND $guestIds AS guestId
MATCH (g:Guest {account: $account, id: guestId})
RETURN g.id AS id, g.ring AS ring, g.disputeDistance AS disputeDistance,
       g.identifiersSharedWithDisputed AS identifiersSharedWithDisputed, g.hubIdentifiers AS hubIdentifiers,
       g.radarSignals AS radar, g.riskScore AS riskScore, g.riskFlagBits AS riskFlagBits,
       COLLECT {
         MATCH (g)-[u:USED]->(i)
         RETURN {
           kind: CASE WHEN i:Email THEN 'email' WHEN i:Phone THEN 'phone' ELSE 'card' END,
           value: coalesce(i.address, i.number, i.fingerprint),
           payments: u.payments
         }
       } AS uses
