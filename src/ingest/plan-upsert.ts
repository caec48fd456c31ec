import type { SummaryPayment } from "../domain/guest-summary.ts";
import { mergeMutableFields } from "../domain/mutable-fields.ts";
import type { MutablePaymentFields, Payment } from "../domain/payment.ts";
import type { StoredPayment } from "../graph/payment-graph-repository.ts";

export type IngestOutcome = "created" | "updated" | "unchanged";

export interface UpsertPlan {
  /** Payments seen for the first time. */
  created: Payment[];
  /** Payments seen before whose mutable fields change, merged. */
  updates: { id: string; fields: MutablePaymentFields }[];
  /** The same changes, as the guests holding those payments count them. */
  changedInGuests: { guestId: string; before: SummaryPayment; after: SummaryPayment }[];
  outcomes: Map<string, IngestOutcome>;
}

/**
 * What a batch does to the payments already stored: new ones are created; a known one only merges its
 * mutable fields (status, refunds, dispute, outcome), so that a stale copy undoes nothing.
 */
export function planUpsert(batch: Payment[], stored: Map<string, StoredPayment>): UpsertPlan {
  const plan: UpsertPlan = { created: [], updates: [], changedInGuests: [], outcomes: new Map() };
  for (const payment of collapseDuplicates(batch)) {
    const previous = stored.get(payment.id);
    if (!previous) {
      plan.created.push(payment);
      plan.outcomes.set(payment.id, "created");
      continue;
    }
    const { merged, changed } = mergeMutableFields(previous, payment);
    plan.outcomes.set(payment.id, changed ? "updated" : "unchanged");
    if (!changed) continue;
    plan.updates.push({ id: payment.id, fields: merged });
    if (previous.guest) {
      plan.changedInGuests.push({
        guestId: previous.guest,
        before: previous,
        after: { ...previous, ...merged },
      });
    }
  }
  return plan;
}

/** The same payment twice in one batch is one payment: the copies' mutable fields merged in. */
function collapseDuplicates(payments: Payment[]): Payment[] {
  const byId = new Map<string, Payment>();
  for (const payment of payments) {
    const first = byId.get(payment.id);
    byId.set(payment.id, first ? { ...first, ...mergeMutableFields(first, payment).merged } : payment);
  }
  return [...byId.values()];
}
