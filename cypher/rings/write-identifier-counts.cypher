// Writes identifiers' guest counts, hub flags and the bounded lists of Radar's distinct counts (emails and
// names per card, cards per email), from a rebuild.
// Parameters: $account, $identifiers: [{kind: "email"|"phone"|"card", value, guestCount, hub, emailsSeen,
//   namesSeen, cardsSeen}]
UNWIND $identifiers AS identifier
CALL (identifier) {
  MATCH (i:Email {account: $account, address: identifier.value}) WHERE identifier.kind = 'email' RETURN i
  UNION
  MATCH (i:Phone {account: $account, number: identifier.value}) WHERE identifier.kind = 'phone' RETURN i
  UNION
  MATCH (i:Card {account: $account, fingerprint: identifier.value}) WHERE identifier.kind = 'card' RETURN i
}
SET i.guestCount = identifier.guestCount, i.hub = identifier.hub
FOREACH (_ IN CASE WHEN identifier.kind = 'card' THEN [1] ELSE [] END |
  SET i.emailsSeen = identifier.emailsSeen, i.namesSeen = identifier.namesSeen)
FOREACH (_ IN CASE WHEN identifier.kind = 'email' THEN [1] ELSE [] END | SET i.cardsSeen = identifier.cardsSeen)
RETURN count(*) AS written
