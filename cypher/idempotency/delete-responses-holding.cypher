// One page of an account's Idempotency-Key records, oldest first, after the cursor ($afterCreatedAt,
// $afterKey); deletes those whose stored response holds one of $values (as written, or in any letter
// case): an erasure's clean-up, so that no replay answers an erased value. Records live 24 hours, so the
// walk is bounded; it seeks the (account, createdAt) index. Answers how many were read and deleted, and
// the cursor to continue after (null when the page was empty).
// Parameters: $account (acct_…), $afterCreatedAt (ISO date-time; "1970-01-01T00:00:00Z" to start),
// $afterKey ("" to start), $batch (an integer, e.g. 500), $values (the erased value's stored spellings).
MATCH (k:IdempotencyKey)
WHERE k.account = $account AND k.createdAt >= datetime($afterCreatedAt)
  AND (k.createdAt > datetime($afterCreatedAt) OR k.key > $afterKey)
WITH k ORDER BY k.account, k.createdAt, k.key LIMIT $batch
WITH collect(k) AS page
WITH page, page[-1] AS last,
     [k IN page WHERE k.body IS NOT NULL
        AND any(value IN $values WHERE k.body CONTAINS value OR toLower(k.body) CONTAINS toLower(value))] AS holding
WITH page, holding, toString(last.createdAt) AS lastCreatedAt, last.key AS lastKey
FOREACH (k IN holding | DELETE k)
RETURN size(page) AS read, size(holding) AS deleted, lastCreatedAt, lastKey
