// Deletes payments with their uses, MATCHED and guest edges, and the emails, phones, cards and
// customers no other payment uses any more; leaves a tombstone (id and time, nothing else) so that a
// copy made before the deletion cannot bring the payment back.
// Parameters: $account, $ids (payment ids), $deletedAt (unix ms)
UNWIND $ids AS id
MATCH (p:Payment {account: $account, id: id})
OPTIONAL MATCH (p)-[:HAS_EMAIL|HAS_PHONE|HAS_CARD|MADE_BY]->(linked)
WITH collect(DISTINCT p) AS payments, collect(DISTINCT linked) AS linked
FOREACH (p IN payments | DETACH DELETE p)
WITH linked
CALL (linked) {
  UNWIND linked AS node
  WITH node
  WHERE NOT EXISTS { (node)<-[]-(:Payment) }
  DETACH DELETE node
}
UNWIND $ids AS id
MERGE (tombstone:DeletedPayment {account: $account, id: id})
SET tombstone.deletedAt = $deletedAt
RETURN count(tombstone) AS deleted
