// Takes off cards' Radar lists (emailsSeen, namesSeen) the emails and folded cardholder names that no
// payment of the account carries with the card any more, after payments changed identifiers, were deleted
// or had an identifier erased. Only a value on the list is checked: a (card, email) pair by one existence
// test walking the payments of whichever of the two has fewer (a hot card is never walked for a rare email),
// stopping at the first payment still carrying both; a (card, name) pair over the card's payments, stopping
// at the first with the name. A list that was full (Radar's bound) is filled up again from the card's
// payments (stopping at the bound), so its size stays min(distinct values, bound), as a rebuild counts it.
// Returns the cards whose lists changed (their guests' Radar attributes follow).
// Parameters: $account, $bound, $cardPairs: [{card, emails: [address], names: [folded name]}]
UNWIND $cardPairs AS pair
MATCH (c:Card {account: $account, fingerprint: pair.card})
WITH c, pair, coalesce(c.emailsSeen, []) AS emailsBefore, coalesce(c.namesSeen, []) AS namesBefore,
     COUNT { (c)<-[:HAS_CARD]-() } AS cardUses
CALL (c, pair, emailsBefore, cardUses) {
  UNWIND [email IN pair.emails WHERE email IN emailsBefore] AS email
  OPTIONAL MATCH (e:Email {account: $account, address: email})
  WITH email, e, CASE WHEN e IS NULL THEN 0 ELSE COUNT { (e)<-[:HAS_EMAIL]-() } END AS emailUses
  WITH email, CASE
         WHEN e IS NULL THEN false
         WHEN emailUses <= cardUses THEN EXISTS { MATCH (e)<-[:HAS_EMAIL]-(p:Payment) WHERE (p)-[:HAS_CARD]->(c) }
         ELSE EXISTS { MATCH (c)<-[:HAS_CARD]-(p:Payment) WHERE (p)-[:HAS_EMAIL]->(e) }
       END AS paired
  WHERE NOT paired
  RETURN collect(email) AS goneEmails
}
WITH c, emailsBefore, namesBefore, goneEmails,
     [name IN pair.names WHERE name IN namesBefore AND NOT EXISTS {
        MATCH (c)<-[:HAS_CARD]-(p:Payment) WHERE p.billingNameSearch = name
     }] AS goneNames
WHERE size(goneEmails) + size(goneNames) > 0
WITH c, emailsBefore, namesBefore,
     [email IN emailsBefore WHERE NOT email IN goneEmails] AS emailsKept,
     [name IN namesBefore WHERE NOT name IN goneNames] AS namesKept
CALL (c, emailsBefore, emailsKept) {
  WITH * WHERE size(emailsBefore) >= $bound AND size(emailsKept) < size(emailsBefore)
  MATCH (c)<-[:HAS_CARD]-(:Payment)-[:HAS_EMAIL]->(e:Email)
  WHERE NOT e.address IN emailsKept
  WITH DISTINCT e.address AS address LIMIT $bound
  RETURN collect(address) AS moreEmails
}
CALL (c, namesBefore, namesKept) {
  WITH * WHERE size(namesBefore) >= $bound AND size(namesKept) < size(namesBefore)
  MATCH (c)<-[:HAS_CARD]-(p:Payment)
  WHERE p.billingNameSearch IS NOT NULL AND NOT p.billingNameSearch IN namesKept
  WITH DISTINCT p.billingNameSearch AS name LIMIT $bound
  RETURN collect(name) AS moreNames
}
SET c.emailsSeen = (emailsKept + moreEmails)[0..$bound], c.namesSeen = (namesKept + moreNames)[0..$bound]
RETURN {kind: 'card', value: c.fingerprint} AS identifier
