// The rings the guests whose links or summaries changed are in now: a ring recompute reads those guests
// and every member of these rings.
// Parameters: $account, $guestIds
UNWIND $guestIds AS guestId
MATCH (g:Guest {account: $account, id: guestId})
RETURN g.id AS id, g.ring AS ring
