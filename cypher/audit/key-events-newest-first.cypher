// A page of the audit events of one API key (by its key id, key_…) in an account, newest first.
// Walks the AuditEvent (account, keyId, at) index backwards.
// Parameters: $account, $keyId (key_…), $since (inclusive lower order key), $until (exclusive upper
//   order key), $take
MATCH (e:AuditEvent)
USING INDEX e:AuditEvent(account, keyId, at)
WHERE e.account = $account AND e.keyId = $keyId AND e.at >= $since AND e.at < $until
RETURN e {.*} AS event
ORDER BY e.account DESC, e.keyId DESC, e.at DESC
LIMIT $take
