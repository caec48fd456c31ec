// The rule's match for each payment: the most recent earlier guest payment that shares at least one
// identifier with it (null when none does), next to the match the graph holds now.
// One ordered index seek per identifier, so a card used 100,000 times costs what a new card costs.
// Parameters: $account, $ids (payment ids)
UNWIND $ids AS id
MATCH (p:Payment {account: $account, id: id})
WHERE p.customer IS NULL
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
  RETURN earlier AS match ORDER BY earlierAt DESC LIMIT 1
}
OPTIONAL MATCH (p)-[:MATCHED]->(current:Payment)
RETURN p.id AS id, p.at AS at, p.guest AS guest, match.id AS matchId, match.guest AS matchGuest,
       current.id AS currentMatchId
