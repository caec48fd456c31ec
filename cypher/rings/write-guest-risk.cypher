// Keeps each guest's risk score and flags (src/domain/risk.ts; the flags as bits, see riskFlagBits) on
// the guest, where the Customers tab's risk_score / risk_flag filters find them by index.
// Parameters: $account, $risks: [{id, score (0–100), flagBits (0–511)}]
UNWIND $risks AS risk
MATCH (g:Guest {account: $account, id: risk.id})
SET g.riskScore = risk.score, g.riskFlagBits = risk.flagBits
RETURN count(g) AS written
