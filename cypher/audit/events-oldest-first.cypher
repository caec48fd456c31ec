// A page of an account's audit events, oldest first, within order-key bounds: what `ending_before`
// reads (the nearest newer events first; the caller turns the page round).
// Parameters: $account, $since (inclusive lower order key), $until (exclusive upper order key), $take
MATCH (e:AuditEvent)
USING INDEX e:AuditEvent(account, at)
WHERE e.account = $account AND e.at >= $since AND e.at < $until
RETURN e {.*} AS event
ORDER BY e.account, e.at
LIMIT $take
