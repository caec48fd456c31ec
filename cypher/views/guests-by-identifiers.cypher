// The Customers tab filtered by identifiers: one page of the guests whose payments used the given email,
// phone, card fingerprint and card last4 — every given one (a null filter is not applied) — most recent
// activity first (lastPaymentAt, then id; the reverse for an ending_before page).
// Starts from the identifier nodes (unique-constraint seeks; Card (account, last4) for last4), walks to
// their payments and on to the guests: the cost follows how often those identifiers were used, not the
// account's size. The candidates are then sorted, not the account's guests.
// Parameters: $account, $emails, $phones (spellings to look up, e.g. ["+14155550123", "14155550123"], or null),
//   $cardFingerprint, $cardLast4 (or null), $hasDispute, $hasRefund (booleans or null), $lower, $upper
//   (lastPaymentAt bounds, inclusive), $cursorAt, $cursorId (the cursor guest's position, or both null),
//   $endingBefore (true for an ending_before page: nearest the cursor first), $take
CALL () {
  UNWIND coalesce($emails, []) AS address
  MATCH (:Email {account: $account, address: address})<-[:HAS_EMAIL]-(p:Payment)
  RETURN collect(DISTINCT p.guest) AS byEmail
}
CALL () {
  UNWIND coalesce($phones, []) AS number
  MATCH (:Phone {account: $account, number: number})<-[:HAS_PHONE]-(p:Payment)
  RETURN collect(DISTINCT p.guest) AS byPhone
}
CALL () {
  MATCH (:Card {account: $account, fingerprint: $cardFingerprint})<-[:HAS_CARD]-(p:Payment)
  RETURN collect(DISTINCT p.guest) AS byFingerprint
}
CALL () {
  MATCH (c:Card)
  WHERE c.account = $account AND c.last4 = $cardLast4
  MATCH (c)<-[:HAS_CARD]-(p:Payment)
  RETURN collect(DISTINCT p.guest) AS byLast4
}
// Registered customers' payments have no guest; collect() leaves their nulls out.
WITH [found IN [
        CASE WHEN $emails IS NOT NULL THEN byEmail END,
        CASE WHEN $phones IS NOT NULL THEN byPhone END,
        CASE WHEN $cardFingerprint IS NOT NULL THEN byFingerprint END,
        CASE WHEN $cardLast4 IS NOT NULL THEN byLast4 END
      ] WHERE found IS NOT NULL] AS filters
// Each candidate is tested against every filter, so start from the smallest set.
WITH filters, reduce(smallest = head(filters), found IN filters |
       CASE WHEN size(found) < size(smallest) THEN found ELSE smallest END) AS candidates
UNWIND candidates AS guestId
WITH guestId WHERE all(found IN filters WHERE guestId IN found)
// The hint keeps the planner on the id seek rather than the (account, lastPaymentAt) range.
MATCH (g:Guest {account: $account, id: guestId})
USING INDEX g:Guest(account, id)
WHERE g.lastPaymentAt >= $lower AND g.lastPaymentAt <= $upper
  AND NOT coalesce(g.retired, false)
  AND ($hasDispute IS NULL OR g.hasDispute = $hasDispute)
  AND ($hasRefund IS NULL OR g.hasRefund = $hasRefund)
  AND ($cursorId IS NULL OR CASE WHEN $endingBefore
        THEN g.lastPaymentAt > $cursorAt OR (g.lastPaymentAt = $cursorAt AND g.id > $cursorId)
        ELSE g.lastPaymentAt < $cursorAt OR (g.lastPaymentAt = $cursorAt AND g.id < $cursorId) END)
RETURN g.id AS id
// Newest first, or nearest-the-cursor first for an ending_before page (the first two keys are null otherwise).
ORDER BY CASE WHEN $endingBefore THEN g.lastPaymentAt END ASC, CASE WHEN $endingBefore THEN g.id END ASC,
         g.lastPaymentAt DESC, g.id DESC
LIMIT $take
