import type { Payment } from "../domain/payment.ts";
import { type FixedPaymentField, findConflicts } from "../domain/payment-conflicts.ts";
import { guestIdFor } from "../domain/resolution-keys.ts";
import type { Database } from "../graph/database.ts";
import { PaymentGraphRepository } from "../graph/payment-graph-repository.ts";
import {
  accountLockWait,
  guestsCreated,
  guestsRetired,
  lateArrivals,
  paymentsIngested,
  paymentsMoved,
} from "../metrics.ts";
import { maintainRings, type RingSettings, ringChangesOf, ringSettings } from "./maintain-rings.ts";
import { type IngestOutcome, planUpsert } from "./plan-upsert.ts";
import { refreshGuestSummaries } from "./refresh-guest-summaries.ts";
import { type Resolution, resolveNewGuestPayments } from "./resolve-new-guest-payments.ts";

export type { IngestOutcome, RingSettings };

export type IngestResult =
  | {
      id: string;
      /** The guest the payment belongs to after this batch; null for a registered customer's payment. */
      guest: string | null;
      result: IngestOutcome;
    }
  /** Refused, nothing of it written: its amount, currency or created differ from another copy's (`field`). */
  | { id: string; guest: null; result: "conflict"; field: FixedPaymentField };

/**
 * Stores a batch of validated payments of one merchant account and resolves their guests, in one
 * transaction: all of the batch lands, or none of it. Writers of the same account wait for each other,
 * so any number of them end as one serial pass would. Idempotent: see planUpsert. A payment whose copies
 * disagree on a fixed fact (amount, currency, created) is left out and answered as a conflict. Rings (groups of guests tied by shared
 * identifiers) are kept up to date in the same transaction.
 */
export async function ingestPayments(
  db: Database,
  account: string,
  payments: Payment[],
  options: {
    /**
     * The copies carry only mutable fields (an update that names a stored payment, payment-updates.ts):
     * their amount, currency and created are placeholders, so they are never compared for conflicts.
     */
    mutableFieldsOnly?: boolean;
    /** The hub threshold rings are kept with; by default the process's (configureRings). */
    rings?: RingSettings;
  } = {},
): Promise<IngestResult[]> {
  if (payments.some((payment) => payment.account !== account)) {
    throw new Error("every payment of a batch must belong to the batch's account");
  }
  const ids = payments.map((payment) => payment.id);
  const { results, counts } = await db.writeTransaction(async (tx) => {
    const repository = new PaymentGraphRepository(tx, account);
    const waitStarted = performance.now();
    await repository.lockAccount();
    accountLockWait.observe((performance.now() - waitStarted) / 1000);

    const existing = await repository.findExisting(ids);
    const conflicts = options.mutableFieldsOnly
      ? new Map<string, FixedPaymentField>()
      : findConflicts(payments, existing);
    const plan = planUpsert(
      payments.filter((payment) => !conflicts.has(payment.id)),
      existing,
    );
    await repository.create(plan.created);
    await repository.updateMutableFields(plan.updates);

    const newGuestPayments = plan.created.filter((payment) => payment.customer === null);
    const resolution = await resolveNewGuestPayments(
      repository,
      account,
      newGuestPayments.map((payment) => payment.id),
    );
    const guests = await refreshGuestSummaries(repository, {
      changed: plan.changedInGuests,
      created: new Map(newGuestPayments.map((payment) => [payment.id, payment])),
      resolution,
    });
    const changedGuests = plan.changedInGuests.map(({ guestId }) => guestId);
    const created = plan.created.map((payment) => payment.id);
    const rings = options.rings ?? ringSettings();
    await maintainRings(tx, account, ringChangesOf(resolution, changedGuests, created), rings);

    const guestOf = await repository.findGuests(ids);
    const results = ids.map((id): IngestResult => {
      const field = conflicts.get(id);
      if (field) return { id, guest: null, result: "conflict", field };
      return { id, guest: guestOf.get(id) ?? null, result: plan.outcomes.get(id) ?? "unchanged" };
    });
    return { results, counts: { ...guests, resolution } };
  });
  countIngest(account, results, counts);
  return results;
}

/** Counted once the batch has committed (a retried transaction counts once). */
function countIngest(
  account: string,
  results: IngestResult[],
  counts: { guestsRetired: number; resolution: Resolution },
): void {
  for (const { result } of results) paymentsIngested.inc({ result });
  // A guest's id derives from its founding payment: a new payment whose guest is named after it founded one.
  guestsCreated.inc(
    results.filter(({ id, guest, result }) => result === "created" && guest === guestIdFor(account, id))
      .length,
  );
  guestsRetired.inc(counts.guestsRetired);
  lateArrivals.inc(counts.resolution.lateArrivals);
  // New payments have no previous guest: only stored ones moved.
  paymentsMoved.inc(counts.resolution.moves.filter((move) => move.previousGuest !== null).length);
}
