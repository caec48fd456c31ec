// The emails, phones and cards each payment used, as (kind, value): what a payment joining, leaving or
// moving between guests adds to or takes from its guests' USED links.
// Parameters: $account, $ids (payment ids)
UNWIND $ids AS id
MATCH (p:Payment {account: $account, id: id})-[:HAS_EMAIL|HAS_PHONE|HAS_CARD]->(i)
RETURN p.id AS id,
       collect(DISTINCT {
         kind: CASE WHEN i:Email THEN 'email' WHEN i:Phone THEN 'phone' ELSE 'card' END,
         value: coalesce(i.address, i.number, i.fingerprint)
       }) AS identifiers
