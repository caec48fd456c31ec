// Writes each guest's Radar attributes (JSON, see src/domain/risk.ts), read by the guest list, view and search.
// Parameters: $account, $signals: [{id, radar (JSON string)}]
UNWIND $signals AS signal
MATCH (g:Guest {account: $account, id: signal.id})
SET g.radarSignals = signal.radar
RETURN count(g) AS written
