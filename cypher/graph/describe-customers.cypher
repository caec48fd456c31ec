// What a link-analysis graph shows of registered customers: each one's payment count (no row for an
// id that is no customer of the account).
// Parameters: $account, $ids (customer ids)
UNWIND $ids AS customerId
MATCH (c:Customer {account: $account, id: customerId})
RETURN c.id AS key, COUNT { (c)<-[:MADE_BY]-() } AS paymentCount
