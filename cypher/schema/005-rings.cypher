// Rings (groups of distinct guests tied by shared identifiers) and what keeps them: see src/domain/rings.ts.
// (:Guest)-[:USED {payments}]->(:Email|Phone|Card) says how many of the guest's payments used the
// identifier; identifiers count their guests (`guestCount`) and say whether they are a hub (`hub`).
// A guest in a ring carries its id (`ring`); each ring is a (:Ring) node with its summary and score.

CREATE CONSTRAINT ring_account_id IF NOT EXISTS
FOR (r:Ring) REQUIRE (r.account, r.id) IS UNIQUE;

// GET /v1/rings: highest score first, walked in order from the cursor.
CREATE INDEX ring_account_score_id IF NOT EXISTS
FOR (r:Ring) ON (r.account, r.score, r.id);

// A ring's guests, and the guests whose ring ingest recomputes.
CREATE INDEX guest_account_ring IF NOT EXISTS
FOR (g:Guest) ON (g.account, g.ring);
