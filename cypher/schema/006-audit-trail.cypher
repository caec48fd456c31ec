// The audit trail: one (:AuditEvent) per API request (who, when, from where, what, to which objects),
// kept per merchant account for GUESTGRAPH_AUDIT_RETENTION_DAYS (see src/graph/audit-trail.ts).
// `at` is the order key (fixed-width milliseconds, then the id): the list walks it newest first, the
// key filter walks (account, keyId, at), retention deletes below a cutoff of it.

CREATE CONSTRAINT audit_event_account_id IF NOT EXISTS
FOR (e:AuditEvent) REQUIRE (e.account, e.id) IS UNIQUE;

CREATE INDEX audit_event_account_at IF NOT EXISTS
FOR (e:AuditEvent) ON (e.account, e.at);

CREATE INDEX audit_event_account_key_at IF NOT EXISTS
FOR (e:AuditEvent) ON (e.account, e.keyId, e.at);

// "Who looked at this object?": `subjects` holds one token per object the request touched,
// "acct_…/gst_…", kept whole by the whitespace analyzer and matched exactly.
CREATE FULLTEXT INDEX audit_event_subjects IF NOT EXISTS
FOR (e:AuditEvent) ON EACH [e.subjects]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace'}};
