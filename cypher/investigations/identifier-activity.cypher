// One email, phone or card over time: its guest payments per hour (a card-testing burst shows as many
// failed payments within an hour), with failures, disputes, amounts, and the distinct guests, emails and
// cards involved; newest hour first. Reads the identifier's newest 5,000 guest payments straight off the
// (identity, at) relationship index, so a card used 100,000 times costs what one used 5,000 times does.
// Parameters: $account, $identity (account/type/value, e.g. 'acct_1MqXYZ/card/Xt5EWLLDS7FJjR1c')
// :param account => 'acct_1MqXYZ'
// :param identity => 'acct_1MqXYZ/card/Xt5EWLLDS7FJjR1c'
CALL () {
  MATCH (p:Payment)-[use:HAS_EMAIL]->()
  WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT 5000
  RETURN p
  UNION
  MATCH (p:Payment)-[use:HAS_PHONE]->()
  WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT 5000
  RETURN p
  UNION
  MATCH (p:Payment)-[use:HAS_CARD]->()
  WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT 5000
  RETURN p
}
WITH p WHERE p.account = $account
WITH p.created - p.created % 3600 AS hour, collect(p) AS payments
CALL (payments) {
  UNWIND payments AS p
  OPTIONAL MATCH (p)-[:HAS_EMAIL]->(e:Email)
  RETURN count(DISTINCT e) AS emails, count(DISTINCT p.cardFingerprint) AS cards, count(DISTINCT p.guest) AS guests
}
RETURN datetime({epochSeconds: hour}) AS hour, size(payments) AS payments,
       size([p IN payments WHERE p.status = 'failed']) AS failed,
       size([p IN payments WHERE p.disputeStatus IS NOT NULL]) AS disputed,
       reduce(total = 0, p IN payments | total + p.amount) AS amount, guests, emails, cards
ORDER BY hour DESC
