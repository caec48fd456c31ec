import { mergeMutableFields } from "../domain/mutable-fields.ts";
import type { MutablePaymentFields, Payment } from "../domain/payment.ts";
import type { Database } from "../graph/database.ts";
import { PaymentGraphRepository } from "../graph/payment-graph-repository.ts";
import { refreshGuestSummaries, type SummaryChanges } from "./refresh-guest-summaries.ts";
import { resolveNewGuestPayments } from "./resolve-new-guest-payments.ts";

export type IngestOutcome = "created" | "updated" | "unchanged";

export interface IngestResult {
  id: string;
  /** The guest the payment belongs to after this batch; null for a registered customer's payment. */
  guest: string | null;
  result: IngestOutcome;
}

/**
 * Stores a batch of validated payments of one merchant account and resolves their guests, in one
 * transaction: all of the batch lands, or none of it. Idempotent: a payment seen before only updates
 * its mutable fields (status, refunds, dispute, outcome), merged so that a stale copy undoes nothing.
 */
export async function ingestPayments(
  db: Database,
  account: string,
  payments: Payment[],
): Promise<IngestResult[]> {
  if (payments.some((payment) => payment.account !== account)) {
    throw new Error("every payment of a batch must belong to the batch's account");
  }
  const batch = collapseDuplicates(payments);
  return db.writeTransaction(async (tx) => {
    const repository = new PaymentGraphRepository(tx, account);
    await repository.lockAccount();

    const stored = await repository.findExisting(batch.map((payment) => payment.id));
    const created = batch.filter((payment) => !stored.has(payment.id));
    const outcomes = new Map<string, IngestOutcome>(created.map((payment) => [payment.id, "created"]));
    const updates: { id: string; fields: MutablePaymentFields }[] = [];
    const changedInGuests: SummaryChanges["changed"] = [];
    for (const payment of batch) {
      const previous = stored.get(payment.id);
      if (!previous) continue;
      const { merged, changed } = mergeMutableFields(previous, payment);
      outcomes.set(payment.id, changed ? "updated" : "unchanged");
      if (!changed) continue;
      updates.push({ id: payment.id, fields: merged });
      if (previous.guest)
        changedInGuests.push({
          guestId: previous.guest,
          before: previous,
          after: { ...previous, ...merged },
        });
    }

    await repository.create(created);
    await repository.updateMutableFields(updates);
    const newGuestPayments = created.filter((payment) => payment.customer === null);
    const resolution = await resolveNewGuestPayments(
      repository,
      account,
      newGuestPayments.map((payment) => payment.id),
    );
    await refreshGuestSummaries(repository, {
      changed: changedInGuests,
      created: new Map(newGuestPayments.map((payment) => [payment.id, payment])),
      resolution,
    });

    const guests = await repository.findGuests(payments.map((payment) => payment.id));
    return payments.map((payment) => ({
      id: payment.id,
      guest: guests.get(payment.id) ?? null,
      result: outcomes.get(payment.id) ?? "unchanged",
    }));
  });
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
