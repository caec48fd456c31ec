// Takes the merchant account's write lock for the rest of the transaction.
// Every ingest transaction of an account runs this first, so parallel writers of one account are
// serialised and end in the same state as one serial pass; other accounts are not held up.
// Parameters: $account (e.g. "acct_1Nv0FGQ9RKHgCVdK")
MERGE (a:Account {id: $account})
SET a.writes = coalesce(a.writes, 0) + 1
RETURN a.writes AS writes
