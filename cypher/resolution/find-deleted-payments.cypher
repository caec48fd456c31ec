// Which of these payment ids were deleted (DELETE /v1/payments/:id), and when (unix ms): a copy made
// before the deletion must not bring the payment back.
// Parameters: $account, $ids (payment ids)
UNWIND $ids AS id
MATCH (d:DeletedPayment {account: $account, id: id})
RETURN d.id AS id, d.deletedAt AS deletedAt
