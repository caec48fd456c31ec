// Retention: deletes up to $batch of an account's audit events older than the cutoff (an order key,
// now minus GUESTGRAPH_AUDIT_RETENTION_DAYS); called again while it deletes a full batch.
// Parameters: $account, $cutoff (exclusive upper order key), $batch
MATCH (e:AuditEvent)
USING INDEX e:AuditEvent(account, at)
WHERE e.account = $account AND e.at < $cutoff
WITH e LIMIT $batch
DELETE e
RETURN count(*) AS deleted
