// A page of the audit events of one API key in an account, oldest first (for ending_before).
// Parameters: $account, $keyId (key_…), $since (inclusive lower order key), $until (exclusive upper
//   order key), $take
MATCH (e:AuditEvent)
USING INDEX e:AuditEvent(account, keyId, at)
WHERE e.account = $account AND e.keyId = $keyId AND e.at >= $since AND e.at < $until
RETURN e {.*} AS event
ORDER BY e.account, e.keyId, e.at
LIMIT $take
