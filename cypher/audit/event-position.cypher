// The order key of one audit event of the account: the position a page cursor (starting_after /
// ending_before) names. No row when the id is not an event of this account.
// Parameters: $account, $id (ae_…)
MATCH (e:AuditEvent {account: $account, id: $id})
RETURN e.at AS at
