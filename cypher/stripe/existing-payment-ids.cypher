// Which of these payment ids the account holds.
// Parameters: $account (acct_…), $ids (payment ids)
UNWIND $ids AS id
MATCH (p:Payment {account: $account, id: id})
RETURN p.id AS id
