// Every payment of these guests with what their summaries are made of: for recounting guests whose
// payments a late arrival moved.
// Parameters: $account, $guestIds
UNWIND $guestIds AS guestId
MATCH (g:Guest {account: $account, id: guestId})
OPTIONAL MATCH (g)<-[:BELONGS_TO]-(p:Payment)
RETURN g.id AS id,
       collect(CASE WHEN p IS NULL THEN null ELSE {
         created: p.created, amount: p.amount, currency: p.currency, status: p.status,
         amountRefunded: coalesce(p.amountRefunded, 0), disputed: p.disputeStatus IS NOT NULL
       } END) AS payments
