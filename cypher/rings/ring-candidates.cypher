// The part of the guest–identifier graph a ring recompute must cover, seen from the guests whose links
// or summaries changed: those guests, the guests sharing a non-hub identifier with them, and the rings
// all of these are in now (whose other members the caller reads by ring).
// Parameters: $account, $guestIds
UNWIND $guestIds AS guestId
MATCH (seed:Guest {account: $account, id: guestId})
CALL (seed) {
  RETURN seed AS g
  UNION
  MATCH (seed)-[:USED]->(i)<-[:USED]-(g:Guest)
  WHERE NOT coalesce(i.hub, false)
  RETURN g
}
WITH DISTINCT g
RETURN g.id AS id, g.ring AS ring
