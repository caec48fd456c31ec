import type { Payment } from "../domain/payment.ts";
import type { Database } from "../graph/database.ts";
import { type PendingUpdate, StripeSyncRepository } from "../graph/stripe-sync-repository.ts";
import { ingestPayments } from "./ingest-payments.ts";

export type UpdateOutcome = "updated" | "unchanged" | "deferred";

/**
 * Updates that name a payment without carrying it whole (a Dispute, a Refund, a PaymentIntent whose
 * charge is not expanded). A stored payment takes them at once, through the normal ingest path, where
 * they only move its mutable fields forward; one not stored yet keeps them in Neo4j until it arrives
 * (applyPendingUpdates), so an update delivered before its payment is never lost.
 */
export async function updatePayments(
  db: Database,
  account: string,
  updates: PendingUpdate[],
): Promise<Map<string, UpdateOutcome>> {
  const repository = new StripeSyncRepository(db, account);
  const existing = await repository.existingPayments(updates.map((update) => update.payment));
  const now = updates.filter((update) => existing.has(update.payment));
  const later = updates.filter((update) => !existing.has(update.payment));
  const outcomes = new Map<string, UpdateOutcome>();
  if (now.length > 0) {
    const results = new Map(
      (
        await ingestPayments(
          db,
          account,
          now.map((update) => updateCopy(account, update)),
          { mutableFieldsOnly: true },
        )
      ).map((result) => [result.id, result.result]),
    );
    for (const update of now)
      outcomes.set(update.eventId, results.get(update.payment) === "updated" ? "updated" : "unchanged");
  }
  if (later.length > 0) {
    await repository.savePending(later);
    for (const update of later) outcomes.set(update.eventId, "deferred");
    // The payment may have landed between the look-up and the save, its own check for pending updates
    // already done: look again, so that one of the two always applies them.
    const arrived = await repository.existingPayments(later.map((update) => update.payment));
    if (arrived.size > 0) await applyPendingUpdates(db, account, [...arrived]);
  }
  return outcomes;
}

/** Applies the updates that were waiting for these payments (just stored), and forgets them. */
export async function applyPendingUpdates(
  db: Database,
  account: string,
  paymentIds: string[],
): Promise<void> {
  if (paymentIds.length === 0) return;
  const repository = new StripeSyncRepository(db, account);
  const pending = await repository.pendingFor(paymentIds);
  if (pending.length === 0) return;
  await ingestPayments(
    db,
    account,
    pending.map((update) => updateCopy(account, update)),
    { mutableFieldsOnly: true },
  );
  await repository.deletePending(pending.map((update) => update.eventId));
}

/**
 * A copy of a stored payment that says only what the update says: every other mutable field at its
 * lowest (pending, nothing refunded, no dispute, no outcome), so merging it moves nothing else; and
 * version 0, older than any copy, so it never replaces what the payment's own copies said about
 * identifiers, customer and details (a copy without a version would count as made when it arrives).
 */
function updateCopy(account: string, update: PendingUpdate): Payment {
  return {
    account,
    id: update.payment,
    object: "charge",
    created: update.created,
    amount: 0,
    currency: "usd",
    description: null,
    billingName: null,
    billingCountry: null,
    card: null,
    customer: null,
    paymentIntent: null,
    metadata: {},
    livemode: true,
    identifiers: [],
    status: update.fields.status ?? "pending",
    refunds: { amountRefunded: update.fields.amountRefunded ?? 0, refunded: false },
    dispute: update.fields.dispute ?? null,
    outcome: null,
    version: 0,
  };
}
