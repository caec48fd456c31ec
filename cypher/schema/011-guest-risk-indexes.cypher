// The Customers tab filtered by risk (risk_score[gte]/[lte], risk_flag, in_ring), walked in activity
// order like the has_dispute filter: one seek per score value, or per flag bit pattern, each in
// lastPaymentAt order, merged — so a page of rare high-risk guests never reads the account's others.
// Ingest keeps riskScore and riskFlagBits on every guest it touches (src/ingest/refresh-guest-risk.ts).
CREATE INDEX guest_account_risk_score_last_payment IF NOT EXISTS
FOR (g:Guest) ON (g.account, g.riskScore, g.lastPaymentAt);

CREATE INDEX guest_account_risk_flags_last_payment IF NOT EXISTS
FOR (g:Guest) ON (g.account, g.riskFlagBits, g.lastPaymentAt);
