// The cards, emails and folded cardholder name of each payment: what Radar's distinct counts pair up
// (emails and names per card, cards per email). Read before and after payments change identifiers, are
// deleted or have an identifier erased, so that the pairs none of them carries any more are forgotten.
// Parameters: $account, $ids (payment ids)
UNWIND $ids AS id
MATCH (p:Payment {account: $account, id: id})
RETURN p.id AS id,
       COLLECT { MATCH (p)-[:HAS_CARD]->(c:Card) RETURN DISTINCT c.fingerprint } AS cards,
       COLLECT { MATCH (p)-[:HAS_EMAIL]->(e:Email) RETURN DISTINCT e.address } AS emails,
       p.billingNameSearch AS name
