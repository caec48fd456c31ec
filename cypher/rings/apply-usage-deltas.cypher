// Moves guests' USED links by deltas: (:Guest)-[:USED {payments}]->(identifier) counts the guest's
// payments that used the identifier; the link exists while that count is above zero. Each identifier
// counts its guests (`guestCount`) and is a hub while more than $hubGuests guests used it (a hub is
// shown but never ties guests into a ring). One row per guest and identifier.
// Returns, per row, whether the link appeared or went, and the identifier's hub flag before and after.
// Parameters: $account, $deltas: [{guest, kind: "email"|"phone"|"card", value, delta}], $hubGuests
UNWIND $deltas AS d
MATCH (g:Guest {account: $account, id: d.guest})
CALL (d) {
  MATCH (i:Email {account: $account, address: d.value}) WHERE d.kind = 'email' RETURN i
  UNION
  MATCH (i:Phone {account: $account, number: d.value}) WHERE d.kind = 'phone' RETURN i
  UNION
  MATCH (i:Card {account: $account, fingerprint: d.value}) WHERE d.kind = 'card' RETURN i
}
OPTIONAL MATCH (g)-[old:USED]->(i)
WITH g, i, d, old, coalesce(old.payments, 0) AS before
WITH g, i, d, old, before, before + d.delta AS after, coalesce(i.hub, false) AS wasHub
FOREACH (_ IN CASE WHEN old IS NULL AND after > 0 THEN [1] ELSE [] END |
  CREATE (g)-[:USED {payments: after}]->(i))
FOREACH (_ IN CASE WHEN old IS NOT NULL AND after > 0 THEN [1] ELSE [] END | SET old.payments = after)
FOREACH (_ IN CASE WHEN old IS NOT NULL AND after <= 0 THEN [1] ELSE [] END | DELETE old)
SET i.guestCount = coalesce(i.guestCount, 0)
    + CASE WHEN after > 0 THEN 1 ELSE 0 END - CASE WHEN before > 0 THEN 1 ELSE 0 END
SET i.hub = i.guestCount > $hubGuests
RETURN d.guest AS guest, d.kind AS kind, d.value AS value, (before > 0) <> (after > 0) AS linkChanged,
       wasHub, i.hub AS isHub
