// Writes a batch of audit events (the audit trail queues them and writes them together, every ~250 ms).
// Each event is a map of the AuditEvent properties: account, id, at, created (unix s), keyId, role,
// sourceIp, requestId, action, method, route, status, objectTypes, objectIds (the objects, in step),
// objectsTruncated, subjects ("acct_…/<object id>" tokens for the object filter).
// Parameters: $events (a list of such maps)
UNWIND $events AS event
CREATE (e:AuditEvent)
SET e = event
