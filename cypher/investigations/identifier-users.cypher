// Everyone who used one email, phone or card: each guest and registered customer, how many payments,
// first and last use (unix seconds), failed payments and disputes, most recent use first. Reads the
// identifier's newest 5,000 payments (a hub beyond that is cut; `read` says how many were read).
// Parameters: $account, $type ('email', 'phone' or 'card'), $value (address, E.164 number or fingerprint)
// :param account => 'acct_1MqXYZ'
// :param type => 'card'
// :param value => 'Xt5EWLLDS7FJjR1c'
CALL () {
  MATCH (i:Email {account: $account, address: $value}) WHERE $type = 'email' RETURN i
  UNION
  MATCH (i:Phone {account: $account, number: $value}) WHERE $type = 'phone' RETURN i
  UNION
  MATCH (i:Card {account: $account, fingerprint: $value}) WHERE $type = 'card' RETURN i
}
CALL (i) {
  MATCH (i)<-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]-(p:Payment)
  WITH p LIMIT 5000
  RETURN collect(p) AS payments
}
UNWIND payments AS p
WITH size(payments) AS read, CASE WHEN p.guest IS NOT NULL THEN 'guest' ELSE 'customer' END AS kind,
     coalesce(p.guest, p.customer) AS id, p
RETURN kind, id, count(p) AS payments, min(p.created) AS firstUse, max(p.created) AS lastUse,
       count(CASE WHEN p.status = 'failed' THEN 1 END) AS failed,
       count(p.disputeStatus) AS disputed, read
ORDER BY lastUse DESC
