// "Who looked at this guest?": a page of the audit events that touched one object (a guest, a payment,
// an identifier, a graph node…) in an account, newest first, optionally of one key only. The object is
// found through the audit_event_subjects full-text index (one exact token "acct_…/<object id>"); the
// events of one object are few enough to be put in order here.
// Parameters: $account, $subjectQuery (the token as a quoted Lucene phrase, e.g. '"acct_1/gst_abc"'),
//   $keyId (key_…, or null for any key), $since (inclusive lower order key), $until (exclusive upper
//   order key), $take
CALL db.index.fulltext.queryNodes("audit_event_subjects", $subjectQuery) YIELD node AS e
WITH e
WHERE e.account = $account AND e.at >= $since AND e.at < $until AND ($keyId IS NULL OR e.keyId = $keyId)
RETURN e {.*} AS event
ORDER BY e.at DESC
LIMIT $take
