// A guest and the people it is tied to: each email, phone and card its newest 500 payments used (drawn
// through the newest payment that used it), and the other guests and registered customers whose payments
// used the same identifier (the newest 25 payments per identifier). Returns paths for Neo4j Browser's
// graph view. GET /v1/graph/neighborhood?node=gst_… answers the same question at any depth from the API.
// Parameters: $account, $guest (guest id)
// :param account => 'acct_1MqXYZ'
// :param guest => 'gst_4fQ2k9XbT1mZr8LwP0sVh3Ya'
MATCH (g:Guest {account: $account, id: $guest})
CALL (g) {
  MATCH (p:Payment)
  USING INDEX p:Payment(account, guest, at)
  WHERE p.account = $account AND p.guest = g.id AND p.at IS NOT NULL
  WITH p ORDER BY p.account DESC, p.guest DESC, p.at DESC LIMIT 500
  MATCH (p)-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(identifier)
  WITH identifier, collect(p)[0] AS newest
  MATCH used = (g)<-[:BELONGS_TO]-(newest)-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(identifier)
  RETURN identifier, used
}
CALL (g, identifier) {
  MATCH (identifier)<-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]-(q:Payment)
  WHERE q.guest IS NULL OR q.guest <> g.id
  WITH q LIMIT 25
  MATCH shared = (identifier)<-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]-(q)-[:BELONGS_TO|MADE_BY]->()
  RETURN collect(shared) AS others
}
RETURN used, others
