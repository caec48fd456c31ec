// The guest an id names now: the guest itself, or, for a retired guest (a late payment moved its
// founding payment into an older guest), the guest that holds its founding payment today. No row
// when the account has no guest of that id.
// Parameters: $account, $id (guest id)
MATCH (named:Guest {account: $account, id: $id})
OPTIONAL MATCH (founding:Payment {account: $account, id: named.foundingPaymentId})
  WHERE named.retired = true
RETURN CASE WHEN named.retired = true THEN founding.guest ELSE named.id END AS guest
