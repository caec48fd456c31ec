// The identifiers that tie a ring together (used by two of its guests or more, not hubs), and the hub
// identifiers its guests used (shown, but they tie nothing): how many of the ring's guests used each,
// how many guests of the account did, and up to 10 of the ring's guests that used it.
// Parameters: $account, $id (ring id)
MATCH (g:Guest)
WHERE g.account = $account AND g.ring = $id
MATCH (g)-[:USED]->(i)
WITH i, collect(g.id) AS guests
WHERE size(guests) >= 2 OR coalesce(i.hub, false)
RETURN CASE WHEN i:Email THEN 'email' WHEN i:Phone THEN 'phone' ELSE 'card' END AS type,
       coalesce(i.address, i.number, i.fingerprint) AS value, coalesce(i.hub, false) AS hub,
       i.guestCount AS accountGuestCount, size(guests) AS ringGuestCount, guests[0..10] AS guests
ORDER BY ringGuestCount DESC, type, value
