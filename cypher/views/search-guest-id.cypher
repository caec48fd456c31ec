// Search: the guest whose id is exactly the query. A retired guest's id (a late payment moved its
// founding payment into an older guest) leads to the guest that holds that payment now.
// One row per hit: object ("guest"), id, matchedOn, closeness (0: exact), recency (lastPaymentAt, unix seconds).
// Parameters: $account, $id (the query as typed)
MATCH (named:Guest {account: $account, id: $id})
OPTIONAL MATCH (founding:Payment {account: $account, id: named.foundingPaymentId})
WITH CASE WHEN coalesce(named.retired, false) THEN founding.guest ELSE named.id END AS guestId
MATCH (g:Guest {account: $account, id: guestId})
RETURN 'guest' AS object, g.id AS id, 'guest_id' AS matchedOn, 0 AS closeness, g.lastPaymentAt AS recency
