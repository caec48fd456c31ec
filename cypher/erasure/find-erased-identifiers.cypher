// Which of these keyed hashes of identifiers were erased in the account: a copy carrying one has it
// removed before it is stored, so that an erasure is never undone by an old copy coming again.
// Parameters: $account, $hashes (keyed hashes of identity keys)
UNWIND $hashes AS hash
MATCH (erased:ErasedIdentifier {account: $account, hash: hash})
RETURN erased.hash AS hash
