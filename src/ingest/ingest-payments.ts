import type { Payment } from "../domain/payment.ts";
import type { Database } from "../graph/database.ts";
import { PaymentGraphRepository } from "../graph/payment-graph-repository.ts";
import { type IngestOutcome, planUpsert } from "./plan-upsert.ts";
import { refreshGuestSummaries } from "./refresh-guest-summaries.ts";
import { resolveNewGuestPayments } from "./resolve-new-guest-payments.ts";

export type { IngestOutcome };

export interface IngestResult {
  id: string;
  /** The guest the payment belongs to after this batch; null for a registered customer's payment. */
  guest: string | null;
  result: IngestOutcome;
}

/**
 * Stores a batch of validated payments of one merchant account and resolves their guests, in one
 * transaction: all of the batch lands, or none of it. Writers of the same account wait for each other,
 * so any number of them end as one serial pass would. Idempotent: see planUpsert.
 */
export async function ingestPayments(
  db: Database,
  account: string,
  payments: Payment[],
): Promise<IngestResult[]> {
  if (payments.some((payment) => payment.account !== account)) {
    throw new Error("every payment of a batch must belong to the batch's account");
  }
  const ids = payments.map((payment) => payment.id);
  return db.writeTransaction(async (tx) => {
    const repository = new PaymentGraphRepository(tx, account);
    await repository.lockAccount();

    const plan = planUpsert(payments, await repository.findExisting(ids));
    await repository.create(plan.created);
    await repository.updateMutableFields(plan.updates);

    const newGuestPayments = plan.created.filter((payment) => payment.customer === null);
    const resolution = await resolveNewGuestPayments(
      repository,
      account,
      newGuestPayments.map((payment) => payment.id),
    );
    await refreshGuestSummaries(repository, {
      changed: plan.changedInGuests,
      created: new Map(newGuestPayments.map((payment) => [payment.id, payment])),
      resolution,
    });

    const guests = await repository.findGuests(ids);
    return ids.map((id) => ({
      id,
      guest: guests.get(id) ?? null,
      result: plan.outcomes.get(id) ?? "unchanged",
    }));
  });
}
