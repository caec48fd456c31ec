// What Radar's attributes need of each guest: its most recent payment's time, its payments of the week up
// to it (newest first, at most $cap: read off the Payment (account, guest, at) index from a week back), the
// cards it used, and the largest email, name and card counts of its cards and emails.
// Parameters: $account, $guestIds, $cap
UNWIND $guestIds AS guestId
MATCH (g:Guest {account: $account, id: guestId})
WHERE g.lastPaymentAt IS NOT NULL AND g.paymentCount > 0
CALL (g) {
  MATCH (p:Payment)
  USING INDEX p:Payment(account, guest, at)
  WHERE p.account = $account AND p.guest = g.id
    AND p.at >= right('000000000000' + toString(g.lastPaymentAt - 604800), 12)
  WITH p ORDER BY p.account DESC, p.guest DESC, p.at DESC LIMIT $cap
  RETURN collect({created: p.created, status: p.status}) AS week
}
CALL (g) {
  OPTIONAL MATCH (g)-[:USED]->(c:Card)
  RETURN count(c) AS cards, coalesce(max(size(c.emailsSeen)), 0) AS emailsPerCard,
         coalesce(max(size(c.namesSeen)), 0) AS namesPerCard
}
CALL (g) {
  OPTIONAL MATCH (g)-[:USED]->(e:Email)
  RETURN coalesce(max(size(e.cardsSeen)), 0) AS cardsPerEmail
}
RETURN g.id AS id, g.lastPaymentAt AS lastPaymentAt, week, cards, emailsPerCard, namesPerCard, cardsPerEmail
