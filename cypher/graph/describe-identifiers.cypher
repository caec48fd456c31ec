// What a link-analysis graph shows of emails, phones and cards: how many payments used each (its
// degree), whether a phone number was verified, and a card's details as of its latest payment. No row
// for an identifier the account never saw.
// Parameters: $account, $identifiers ([{type: "email"|"phone"|"card", key}])
UNWIND $identifiers AS ref
CALL (ref) {
  MATCH (i:Email {account: $account, address: ref.key}) WHERE ref.type = 'email'
  RETURN i, COUNT { (i)<-[:HAS_EMAIL]-() } AS paymentCount
  UNION
  MATCH (i:Phone {account: $account, number: ref.key}) WHERE ref.type = 'phone'
  RETURN i, COUNT { (i)<-[:HAS_PHONE]-() } AS paymentCount
  UNION
  MATCH (i:Card {account: $account, fingerprint: ref.key}) WHERE ref.type = 'card'
  RETURN i, COUNT { (i)<-[:HAS_CARD]-() } AS paymentCount
}
RETURN ref.type AS type, ref.key AS key, paymentCount, i.verified AS verified, i.brand AS brand, i.last4 AS last4,
       i.expMonth AS expMonth, i.expYear AS expYear, i.country AS country
