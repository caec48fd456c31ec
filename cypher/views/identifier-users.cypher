// One page of the guests (or registered customers) that used one email, phone or card, most recent use
// first (ties by id), each with its payments that used it, failures, disputes, first and last use, and how
// many there are in all — from the identifier's newest $take guest payments (the (identity, at) index) or
// the customers' payments among the first $take of its relationships (from the identifier node). $kind picks the list; $cursorId (a user
// of the list, or null) and $endingBefore place the page ($pageSize users, nearest the cursor first when
// walking back); a cursor that is not in the list gives no row.
// Parameters: $account, $kind ('guest' or 'customer'), $type, $value (stored form), $identity, $take,
//   $cursorId, $endingBefore, $pageSize
CALL () {
  MATCH (p:Payment)-[use:HAS_EMAIL]->()
  WHERE $kind = 'guest' AND use.identity = $identity AND use.at IS NOT NULL
  WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT $take
  RETURN p
  UNION ALL
  MATCH (p:Payment)-[use:HAS_PHONE]->()
  WHERE $kind = 'guest' AND use.identity = $identity AND use.at IS NOT NULL
  WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT $take
  RETURN p
  UNION ALL
  MATCH (p:Payment)-[use:HAS_CARD]->()
  WHERE $kind = 'guest' AND use.identity = $identity AND use.at IS NOT NULL
  WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT $take
  RETURN p
  UNION ALL
  MATCH (:Email {account: $account, address: $value})<-[use:HAS_EMAIL]-(p:Payment)
  WHERE $kind = 'customer' AND $type = 'email'
  WITH p, use LIMIT $take
  WITH p WHERE use.identity IS NULL
  RETURN p
  UNION ALL
  MATCH (:Phone {account: $account, number: $value})<-[use:HAS_PHONE]-(p:Payment)
  WHERE $kind = 'customer' AND $type = 'phone'
  WITH p, use LIMIT $take
  WITH p WHERE use.identity IS NULL
  RETURN p
  UNION ALL
  MATCH (:Card {account: $account, fingerprint: $value})<-[use:HAS_CARD]-(p:Payment)
  WHERE $kind = 'customer' AND $type = 'card'
  WITH p, use LIMIT $take
  WITH p WHERE use.identity IS NULL
  RETURN p
}
WITH p, CASE $kind WHEN 'guest' THEN p.guest ELSE p.customer END AS user
WHERE p.account = $account AND user IS NOT NULL
WITH user, count(p) AS payments, count(CASE WHEN p.status = 'failed' THEN 1 END) AS failed,
     count(p.disputeStatus) AS disputed, min(p.created) AS firstUsed, max(p.created) AS lastUsed
ORDER BY lastUsed DESC, user
WITH collect({id: user, paymentCount: payments, failedPaymentCount: failed, disputedPaymentCount: disputed,
              firstUsed: firstUsed, lastUsed: lastUsed}) AS users
WITH users, CASE WHEN $cursorId IS NULL THEN -1
                 ELSE head([position IN range(0, size(users) - 1) WHERE users[position].id = $cursorId]) END AS at
WHERE at IS NOT NULL
RETURN size(users) AS total,
       CASE WHEN $cursorId IS NULL THEN users[0..$pageSize]
            WHEN $endingBefore THEN reverse(users[CASE WHEN at - $pageSize < 0 THEN 0 ELSE at - $pageSize END..at])
            ELSE users[at + 1..at + 1 + $pageSize] END AS page
