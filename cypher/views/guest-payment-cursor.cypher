// A pagination cursor of a guest's payment list: the order key of that payment when it is one of
// the guest's payments in the account; no row otherwise.
// Parameters: $account, $guest (guest id), $id (payment id)
MATCH (p:Payment {account: $account, id: $id})
WHERE p.guest = $guest
RETURN p.at AS at
