// A page of an account's audit events, newest first, within order-key bounds (time filters and cursor).
// Walks the AuditEvent (account, at) index backwards from $until, stopping at $take.
// Parameters: $account, $since (inclusive lower order key, "" for none), $until (exclusive upper order
//   key, "~" for none), $take (rows wanted)
MATCH (e:AuditEvent)
USING INDEX e:AuditEvent(account, at)
WHERE e.account = $account AND e.at >= $since AND e.at < $until
RETURN e {.*} AS event
ORDER BY e.account DESC, e.at DESC
LIMIT $take
