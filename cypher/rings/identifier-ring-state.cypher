// What ingest keeps on identifiers for rings and Radar: guest count, hub flag and the sizes of Radar's
// bounded lists (emails and names per card, cards per email). What `guestgraph verify` compares with a
// recomputation from the payments as stored now.
// Parameters: $account, $identifiers: [{kind: "email"|"phone"|"card", value}]
UNWIND $identifiers AS identifier
CALL (identifier) {
  MATCH (i:Email {account: $account, address: identifier.value}) WHERE identifier.kind = 'email' RETURN i
  UNION
  MATCH (i:Phone {account: $account, number: identifier.value}) WHERE identifier.kind = 'phone' RETURN i
  UNION
  MATCH (i:Card {account: $account, fingerprint: identifier.value}) WHERE identifier.kind = 'card' RETURN i
}
RETURN identifier.kind AS kind, identifier.value AS value, coalesce(i.guestCount, 0) AS guestCount,
       coalesce(i.hub, false) AS hub, size(coalesce(i.emailsSeen, [])) AS emails,
       size(coalesce(i.namesSeen, [])) AS names, size(coalesce(i.cardsSeen, [])) AS cards
