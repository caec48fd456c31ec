// One page of an account's guests by id (retired ones too): what `guestgraph rings --rebuild` clears and
// rewrites (a command, not a request: it walks the whole account).
// Parameters: $account, $after (guest id to continue after; "" to start), $limit (page size)
MATCH (g:Guest)
WHERE g.account = $account AND g.id > $after
RETURN g.id AS id
ORDER BY g.account, g.id
LIMIT $limit
