// For each use of an identifier that was added or removed at a place in the order (identity, at): the
// first later guest payment that uses that identifier. These are the only payments whose match such a
// change can alter: every later use already has a more recent earlier use than the one added or removed.
// One ordered index seek per use, however often the identifier was used.
// Parameters: $account, $uses: [{identity, at}]
UNWIND $uses AS use
CALL (use) {
  MATCH (later:Payment)-[r:HAS_EMAIL]->()
  WHERE r.identity = use.identity AND r.at > use.at
  RETURN later ORDER BY r.identity, r.at LIMIT 1
  UNION
  MATCH (later:Payment)-[r:HAS_PHONE]->()
  WHERE r.identity = use.identity AND r.at > use.at
  RETURN later ORDER BY r.identity, r.at LIMIT 1
  UNION
  MATCH (later:Payment)-[r:HAS_CARD]->()
  WHERE r.identity = use.identity AND r.at > use.at
  RETURN later ORDER BY r.identity, r.at LIMIT 1
}
WITH later
WHERE later.account = $account
RETURN DISTINCT later.id AS id
