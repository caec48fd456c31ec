// The audit events that touched one object in an account, oldest first (for ending_before); see
// object-events-newest-first.cypher.
// Parameters: $account, $subjectQuery (a quoted Lucene phrase such as '"acct_1/gst_abc"'), $keyId (or
//   null), $since (inclusive lower order key), $until (exclusive upper order key), $take
CALL db.index.fulltext.queryNodes("audit_event_subjects", $subjectQuery) YIELD node AS e
WITH e
WHERE e.account = $account AND e.at >= $since AND e.at < $until AND ($keyId IS NULL OR e.keyId = $keyId)
RETURN e {.*} AS event
ORDER BY e.at
LIMIT $take
