// Takes payments out of the guest rule (a customer was attached to them): their uses keep linking
// them to their identifiers (related customers) but lose `identity` and `at`, so no seek finds them;
// their MATCHED edges, both ways, and their guest go. Whoever matched them is re-resolved afterwards.
// Parameters: $account, $ids (payment ids)
UNWIND $ids AS id
MATCH (p:Payment {account: $account, id: id})
CALL (p) {
  MATCH (p)-[use:HAS_EMAIL|HAS_PHONE|HAS_CARD]->()
  SET use.identity = null, use.at = null
}
CALL (p) {
  MATCH (p)-[link:MATCHED|BELONGS_TO]-()
  DELETE link
}
SET p.guest = null
RETURN count(p) AS left
