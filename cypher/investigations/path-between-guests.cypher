// How two guests are linked: the shortest chain of payments and shared emails, phones and cards between
// them (up to 12 relationships: three shared identifiers in a row). A path through a hub (a test card,
// an office phone) is found like any other; Neo4j's shortest-path search may read a hub's payments, so
// on an account with hubs prefer GET /v1/graph/path, which caps each hop. No row: no link that short.
// Parameters: $account, $from (guest id), $to (guest id)
// :param account => 'acct_1MqXYZ'
// :param from => 'gst_4fQ2k9XbT1mZr8LwP0sVh3Ya'
// :param to => 'gst_9TkLm2QxR7pZs4VwN8bYc1Ud'
MATCH (a:Guest {account: $account, id: $from})
MATCH (b:Guest {account: $account, id: $to})
MATCH link = shortestPath((a)-[:BELONGS_TO|HAS_EMAIL|HAS_PHONE|HAS_CARD*..12]-(b))
RETURN link, length(link) / 2 AS hops
