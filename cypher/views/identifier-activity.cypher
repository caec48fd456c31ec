// What one email, phone or card's payments say, aggregated here so that a hub sends one row: its newest
// $take guest payments (read in order off the (identity, at) relationship index) and the registered
// customers' payments among the first $customerTake of its relationships (customers' uses carry no
// identity, so they are looked for from the identifier node, a bounded number of relationships). Counts
// of payments, failures, disputes, refunds, distinct guests, customers, emails, phones and cards on those
// payments (the identifier itself included), succeeded amounts per currency, payments and failures in the
// hour, day, week and 30 days up to $now, and per day (newest 90 days with payments).
// Parameters: $account, $type ('email', 'phone' or 'card'), $value (stored form), $identity (account/type/value),
//   $take, $customerTake, $now (unix seconds)
CALL () {
  MATCH (p:Payment)-[use:HAS_EMAIL]->()
  WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT $take
  RETURN p
  UNION ALL
  MATCH (p:Payment)-[use:HAS_PHONE]->()
  WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT $take
  RETURN p
  UNION ALL
  MATCH (p:Payment)-[use:HAS_CARD]->()
  WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT $take
  RETURN p
  UNION ALL
  MATCH (:Email {account: $account, address: $value})<-[use:HAS_EMAIL]-(p:Payment)
  WHERE $type = 'email'
  WITH p, use LIMIT $customerTake
  WITH p WHERE use.identity IS NULL
  RETURN p
  UNION ALL
  MATCH (:Phone {account: $account, number: $value})<-[use:HAS_PHONE]-(p:Payment)
  WHERE $type = 'phone'
  WITH p, use LIMIT $customerTake
  WITH p WHERE use.identity IS NULL
  RETURN p
  UNION ALL
  MATCH (:Card {account: $account, fingerprint: $value})<-[use:HAS_CARD]-(p:Payment)
  WHERE $type = 'card'
  WITH p, use LIMIT $customerTake
  WITH p WHERE use.identity IS NULL
  RETURN p
}
WITH p WHERE p.account = $account
WITH collect(p) AS payments
CALL (payments) {
  UNWIND payments AS p
  OPTIONAL MATCH (p)-[:HAS_EMAIL]->(e:Email)
  RETURN count(DISTINCT e) AS emails
}
CALL (payments) {
  UNWIND payments AS p
  OPTIONAL MATCH (p)-[:HAS_PHONE]->(ph:Phone)
  RETURN count(DISTINCT ph) AS phones
}
CALL (payments) {
  UNWIND payments AS p
  OPTIONAL MATCH (p)-[:HAS_CARD]->(c:Card)
  RETURN count(DISTINCT c) AS cards
}
CALL (payments) {
  UNWIND payments AS p
  WITH p WHERE p.status = 'succeeded'
  WITH p.currency AS currency, sum(p.amount) AS amount, sum(coalesce(p.amountRefunded, 0)) AS refunded
  ORDER BY currency
  RETURN collect({currency: currency, amount: amount, refunded: refunded}) AS amounts
}
CALL (payments) {
  UNWIND payments AS p
  WITH p.created - p.created % 86400 AS day, p.currency AS currency, count(p) AS attempts,
       count(CASE WHEN p.status = 'failed' THEN 1 END) AS failures, count(p.disputeStatus) AS disputes,
       sum(CASE WHEN p.status = 'succeeded' THEN p.amount ELSE 0 END) AS amount,
       count(CASE WHEN p.status = 'succeeded' THEN 1 END) AS succeeded
  ORDER BY day DESC, currency
  WITH day, sum(attempts) AS dayAttempts, sum(failures) AS dayFailures, sum(disputes) AS dayDisputes,
       [entry IN collect({currency: currency, amount: amount, succeeded: succeeded}) WHERE entry.succeeded > 0 |
         {currency: entry.currency, amount: entry.amount}] AS dayAmounts
  ORDER BY day DESC
  LIMIT 90
  RETURN collect({day: day, payments: dayAttempts, failed: dayFailures, disputed: dayDisputes, amounts: dayAmounts}) AS activity
}
WITH payments, emails, phones, cards, amounts, activity,
     [p IN payments WHERE p.status = 'failed'] AS failures
RETURN size(payments) AS read,
       reduce(first = null, p IN payments | CASE WHEN first IS NULL OR p.created < first THEN p.created ELSE first END) AS firstUsed,
       reduce(last = null, p IN payments | CASE WHEN last IS NULL OR p.created > last THEN p.created ELSE last END) AS lastUsed,
       size(failures) AS failedPayments,
       size([p IN payments WHERE p.disputeStatus IS NOT NULL]) AS disputedPayments,
       size([p IN payments WHERE coalesce(p.amountRefunded, 0) > 0]) AS refundedPayments,
       COUNT { UNWIND payments AS p WITH DISTINCT p.guest AS guest WHERE guest IS NOT NULL RETURN guest } AS guests,
       COUNT { UNWIND payments AS p WITH DISTINCT p.customer AS customer WHERE customer IS NOT NULL RETURN customer } AS customers,
       emails, phones, cards, amounts, activity,
       [seconds IN [3600, 86400, 604800, 2592000] |
         size([p IN payments WHERE p.created > $now - seconds AND p.created <= $now])] AS paymentVelocity,
       [seconds IN [3600, 86400, 604800, 2592000] |
         size([p IN failures WHERE p.created > $now - seconds AND p.created <= $now])] AS failedVelocity
