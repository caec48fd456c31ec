// Records an erasure: who asked, when, what it changed, and the keyed hash of the value (never the
// value); and marks each erased identifier (by keyed hash) so that later copies are kept free of it.
// Answers the first erasure of the same value, when this one repeats it.
// Parameters: $account, $erasure: {id, created, identifierType, valueHash, requestedBy, paymentsTouched,
//   guestsChanged, guestsRetired}, $hashes (keyed hashes of every erased identity)
OPTIONAL CALL () {
  MATCH (earlier:Erasure {account: $account, valueHash: $erasure.valueHash})
  RETURN earlier ORDER BY earlier.created, earlier.id LIMIT 1
}
CREATE (e:Erasure {account: $account, id: $erasure.id})
SET e += $erasure, e.repeatOf = earlier.id
WITH e
CALL (e) {
  UNWIND $hashes AS hash
  MERGE (:ErasedIdentifier {account: $account, hash: hash})
}
RETURN e.repeatOf AS repeatOf
