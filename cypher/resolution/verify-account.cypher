// Checks every guest payment of an account against the rule, locally: its MATCHED edge must point at
// the most recent earlier payment sharing an identifier, and its guest must be that payment's guest
// (or the guest it founds, with no match). When no row comes back, the account equals one
// chronological pass (by induction over (created, id) order). Rows are where a difference starts.
// Parameters: $account
MATCH (p:Payment)
WHERE p.account = $account AND p.at IS NOT NULL AND p.customer IS NULL
OPTIONAL CALL (p) {
  MATCH (p)-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]->()
  WHERE use.identity IS NOT NULL
  CALL (use) {
    MATCH (earlier:Payment)-[r:HAS_EMAIL]->()
    WHERE r.identity = use.identity AND r.at < use.at
    RETURN earlier, r.at AS earlierAt ORDER BY r.identity DESC, r.at DESC LIMIT 1
    UNION
    MATCH (earlier:Payment)-[r:HAS_PHONE]->()
    WHERE r.identity = use.identity AND r.at < use.at
    RETURN earlier, r.at AS earlierAt ORDER BY r.identity DESC, r.at DESC LIMIT 1
    UNION
    MATCH (earlier:Payment)-[r:HAS_CARD]->()
    WHERE r.identity = use.identity AND r.at < use.at
    RETURN earlier, r.at AS earlierAt ORDER BY r.identity DESC, r.at DESC LIMIT 1
  }
  RETURN earlier AS expectedMatch ORDER BY earlierAt DESC LIMIT 1
}
OPTIONAL MATCH (p)-[:MATCHED]->(storedMatch:Payment)
OPTIONAL MATCH (p)-[:BELONGS_TO]->(storedGuest:Guest)
OPTIONAL MATCH (founded:Guest {account: $account, foundingPaymentId: p.id})
WITH p, expectedMatch, storedMatch, storedGuest, founded,
     CASE WHEN expectedMatch IS NULL THEN founded.id ELSE expectedMatch.guest END AS expectedGuest
WHERE storedGuest IS NULL OR storedGuest.id <> p.guest OR expectedGuest IS NULL OR p.guest <> expectedGuest
   OR coalesce(storedMatch.id, "") <> coalesce(expectedMatch.id, "")
RETURN p.id AS payment, p.guest AS storedGuest, expectedGuest, storedMatch.id AS storedMatch,
       expectedMatch.id AS expectedMatch
ORDER BY p.at
