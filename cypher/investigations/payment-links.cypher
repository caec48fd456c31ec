// From one payment (a disputed one, say) to everyone tied to it: its email, phone and card, the other
// payments that used each of them (25 per identifier at most, so a shared office phone or a test card
// stays readable), and the guests or registered customers those payments belong to. Returns paths, which
// Neo4j Browser draws as a graph.
// Parameters: $account, $payment (payment id)
// :param account => 'acct_1MqXYZ'
// :param payment => 'ch_3MmlLrLkdIwHu7ix0snN0B15'
MATCH own = (p:Payment {account: $account, id: $payment})-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(identifier)
CALL (p, identifier) {
  MATCH (identifier)<-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]-(other:Payment)
  WHERE other <> p
  WITH other LIMIT 25
  MATCH link = (identifier)<-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]-(other)-[:BELONGS_TO|MADE_BY]->()
  RETURN link
}
OPTIONAL MATCH mine = (p)-[:BELONGS_TO|MADE_BY]->()
RETURN own, mine, link
