// The guest each payment belongs to now (null for a registered customer's payment).
// Parameters: $account, $ids
UNWIND $ids AS id
MATCH (p:Payment {account: $account, id: id})
RETURN p.id AS id, p.guest AS guest
