// One email, phone or card of the account: its details (a phone's verification, a card's brand, last4,
// expiry and country as of its latest payment), how many payments used it in all (its degree, not a
// count), and its first and last guest use (the two ends of its (identity, at) index range: two seeks,
// whatever its size). No row when the account never saw it.
// Parameters: $account, $type ('email', 'phone' or 'card'), $value (stored form), $identity (account/type/value)
CALL () {
  MATCH (i:Email {account: $account, address: $value}) WHERE $type = 'email'
  RETURN i, COUNT { (i)<-[:HAS_EMAIL]-() } AS paymentCount
  UNION
  MATCH (i:Phone {account: $account, number: $value}) WHERE $type = 'phone'
  RETURN i, COUNT { (i)<-[:HAS_PHONE]-() } AS paymentCount
  UNION
  MATCH (i:Card {account: $account, fingerprint: $value}) WHERE $type = 'card'
  RETURN i, COUNT { (i)<-[:HAS_CARD]-() } AS paymentCount
}
OPTIONAL CALL () {
  MATCH ()-[use:HAS_EMAIL]->() WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH use ORDER BY use.identity, use.at LIMIT 1
  RETURN use.at AS firstGuestUse
  UNION ALL
  MATCH ()-[use:HAS_PHONE]->() WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH use ORDER BY use.identity, use.at LIMIT 1
  RETURN use.at AS firstGuestUse
  UNION ALL
  MATCH ()-[use:HAS_CARD]->() WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH use ORDER BY use.identity, use.at LIMIT 1
  RETURN use.at AS firstGuestUse
}
OPTIONAL CALL () {
  MATCH ()-[use:HAS_EMAIL]->() WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH use ORDER BY use.identity DESC, use.at DESC LIMIT 1
  RETURN use.at AS lastGuestUse
  UNION ALL
  MATCH ()-[use:HAS_PHONE]->() WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH use ORDER BY use.identity DESC, use.at DESC LIMIT 1
  RETURN use.at AS lastGuestUse
  UNION ALL
  MATCH ()-[use:HAS_CARD]->() WHERE use.identity = $identity AND use.at IS NOT NULL
  WITH use ORDER BY use.identity DESC, use.at DESC LIMIT 1
  RETURN use.at AS lastGuestUse
}
RETURN paymentCount, firstGuestUse, lastGuestUse, i.verified AS verified, i.brand AS brand, i.last4 AS last4,
       i.expMonth AS expMonth, i.expYear AS expYear, i.country AS country
