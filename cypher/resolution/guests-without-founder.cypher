// Which of these guests no longer have their founding payment in the guest rule (it was deleted, or
// a customer was attached to it): retired, they lead on to a successor rather than through it.
// Parameters: $account, $guestIds
UNWIND $guestIds AS guestId
MATCH (g:Guest {account: $account, id: guestId})
OPTIONAL MATCH (founding:Payment {account: $account, id: g.foundingPaymentId})
WITH g, founding
WHERE founding IS NULL OR founding.guest IS NULL
RETURN g.id AS id
