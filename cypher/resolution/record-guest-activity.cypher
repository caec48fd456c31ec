// Adds newly assigned payments to their guests' counters and activity times, without recounting.
// Parameters: $account, $activity: [{guestId, added, firstCreated, lastCreated}]
UNWIND $activity AS activity
MATCH (g:Guest {account: $account, id: activity.guestId})
SET g.paymentCount = g.paymentCount + activity.added,
    g.firstPaymentAt = CASE WHEN g.firstPaymentAt IS NULL OR activity.firstCreated < g.firstPaymentAt
                            THEN activity.firstCreated ELSE g.firstPaymentAt END,
    g.lastPaymentAt = CASE WHEN g.lastPaymentAt IS NULL OR activity.lastCreated > g.lastPaymentAt
                           THEN activity.lastCreated ELSE g.lastPaymentAt END,
    g.retired = false
RETURN count(g) AS updated
