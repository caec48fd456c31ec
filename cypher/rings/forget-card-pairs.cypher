// Takes off cards' Radar lists (emailsSeen, namesSeen) the emails and folded cardholder names that no
// payment of the account carries with the card any more, after payments changed identifiers, were deleted
// or had an identifier erased. Each candidate pair is one existence test that stops at the first payment
// of the card still carrying it. A list that was full (Radar's bound) is filled up again from the card's
// payments (stopping at the bound), so its size stays min(distinct values, bound), as a rebuild counts it.
// Returns the cards whose lists changed (their guests' Radar attributes follow).
// Parameters: $account, $bound, $cardPairs: [{card, emails: [address], names: [folded name]}]
UNWIND $cardPairs AS pair
MATCH (c:Card {account: $account, fingerprint: pair.card})
WITH c, pair, coalesce(c.emailsSeen, []) AS emailsBefore, coalesce(c.namesSeen, []) AS namesBefore
WITH c, emailsBefore, namesBefore,
     [email IN pair.emails WHERE email IN emailsBefore AND NOT EXISTS {
        MATCH (c)<-[:HAS_CARD]-(:Payment)-[:HAS_EMAIL]->(e:Email) WHERE e.address = email
     }] AS goneEmails,
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
