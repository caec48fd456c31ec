// The Customers tab filtered by identifiers: one page of the guests whose payments used the given email,
// phone, card fingerprint and card last4 — every given one (a null filter is not applied) — most recent
// activity first (lastPaymentAt, then id; the reverse for an ending_before page).
// Starts from the identifiers' uses (Card (account, last4) finds the cards for last4) and on to the
// guests: the cost is bounded by $usesPerIdentifier per identifier, never the account's size. The
// candidates are then sorted, not the account's guests.
// Parameters: $account, $emails, $phones (spellings to look up, e.g. ["+14155550123", "14155550123"], or null),
//   $cardFingerprint, $cardLast4 (or null), $hasDispute, $hasRefund (booleans or null), $scoreGte, $scoreLte
//   (riskScore bounds, inclusive, or null), $flagBits (riskFlagBits values a guest may have, or null),
//   $lower, $upper
//   (lastPaymentAt bounds, inclusive), $cursorAt, $cursorId (the cursor guest's position, or both null),
//   $endingBefore (true for an ending_before page: nearest the cursor first), $take,
//   $usesPerIdentifier (guest payments read per identifier, newest first)
// Each identifier's guest payments are read newest first off the (identity, at) relationship index (the
// identity spelt as resolution-keys.ts does: account/kind/value), $usesPerIdentifier at most: a test card
// used 100,000 times costs what one used $usesPerIdentifier times does, and lists the guests of its newest uses.
CALL () {
  UNWIND coalesce($emails, []) AS address
  CALL (address) {
    MATCH (p:Payment)-[use:HAS_EMAIL]->()
    WHERE use.identity = $account + '/email/' + address AND use.at IS NOT NULL
    WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT $usesPerIdentifier
    RETURN p
  }
  RETURN collect(DISTINCT p.guest) AS byEmail
}
CALL () {
  UNWIND coalesce($phones, []) AS number
  CALL (number) {
    MATCH (p:Payment)-[use:HAS_PHONE]->()
    WHERE use.identity = $account + '/phone/' + number AND use.at IS NOT NULL
    WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT $usesPerIdentifier
    RETURN p
  }
  RETURN collect(DISTINCT p.guest) AS byPhone
}
CALL () {
  UNWIND CASE WHEN $cardFingerprint IS NULL THEN [] ELSE [$cardFingerprint] END AS fingerprint
  CALL (fingerprint) {
    MATCH (p:Payment)-[use:HAS_CARD]->()
    WHERE use.identity = $account + '/card/' + fingerprint AND use.at IS NOT NULL
    WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT $usesPerIdentifier
    RETURN p
  }
  RETURN collect(DISTINCT p.guest) AS byFingerprint
}
CALL () {
  MATCH (c:Card)
  WHERE c.account = $account AND c.last4 = $cardLast4
  WITH c LIMIT $usesPerIdentifier
  CALL (c) {
    MATCH (p:Payment)-[use:HAS_CARD]->()
    WHERE use.identity = $account + '/card/' + c.fingerprint AND use.at IS NOT NULL
    WITH p, use ORDER BY use.identity DESC, use.at DESC LIMIT $usesPerIdentifier
    RETURN p
  }
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
  AND ($scoreGte IS NULL OR g.riskScore >= $scoreGte) AND ($scoreLte IS NULL OR g.riskScore <= $scoreLte)
  AND ($flagBits IS NULL OR g.riskFlagBits IN $flagBits)
  AND ($cursorId IS NULL OR CASE WHEN $endingBefore
        THEN g.lastPaymentAt > $cursorAt OR (g.lastPaymentAt = $cursorAt AND g.id > $cursorId)
        ELSE g.lastPaymentAt < $cursorAt OR (g.lastPaymentAt = $cursorAt AND g.id < $cursorId) END)
RETURN g.id AS id
// Newest first, or nearest-the-cursor first for an ending_before page (the first two keys are null otherwise).
ORDER BY CASE WHEN $endingBefore THEN g.lastPaymentAt END ASC, CASE WHEN $endingBefore THEN g.id END ASC,
         g.lastPaymentAt DESC, g.id DESC
LIMIT $take
