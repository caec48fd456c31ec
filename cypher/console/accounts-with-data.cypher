// The merchant accounts that hold data, in id order: an Account node is made by an account's first write.
// Answers the console's account picker for a key that may act for every account (a key limited to some
// accounts is answered from its own list, without asking Neo4j). Not account-scoped on purpose: it lists accounts.
// One row per account: id.
// Parameters: $after (an account id, '' for the first page), $take
MATCH (a:Account)
WHERE a.id > $after
RETURN a.id AS id
ORDER BY a.id
LIMIT $take
