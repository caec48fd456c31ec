// The first and last payment times of guests that lost payments to an older guest, read from the ends
// of the (account, guest, at) index: two seeks per guest, however many payments it holds.
// Parameters: $account, $guestIds
UNWIND $guestIds AS guestId
OPTIONAL CALL (guestId) {
  MATCH (p:Payment)
  USING INDEX p:Payment(account, guest, at)
  WHERE p.account = $account AND p.guest = guestId AND p.at > ""
  RETURN p.created AS firstPaymentAt
  ORDER BY p.account ASC, p.guest ASC, p.at ASC
  LIMIT 1
}
OPTIONAL CALL (guestId) {
  MATCH (p:Payment)
  USING INDEX p:Payment(account, guest, at)
  WHERE p.account = $account AND p.guest = guestId AND p.at > ""
  RETURN p.created AS lastPaymentAt
  ORDER BY p.account DESC, p.guest DESC, p.at DESC
  LIMIT 1
}
RETURN guestId AS id, firstPaymentAt, lastPaymentAt
