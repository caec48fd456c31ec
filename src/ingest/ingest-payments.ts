import type { Payment } from "../domain/payment.ts";
import { type FixedPaymentField, findConflicts } from "../domain/payment-conflicts.ts";
import { guestIdFor, identityKey, orderKey } from "../domain/resolution-keys.ts";
import type { Database } from "../graph/database.ts";
import { ErasureRepository } from "../graph/erasure-repository.ts";
import { PaymentGraphRepository } from "../graph/payment-graph-repository.ts";
import {
  accountLockWait,
  guestsCreated,
  guestsRetired,
  lateArrivals,
  paymentsIngested,
  paymentsMoved,
} from "../metrics.ts";
import { applyIdentityChanges, restatedPayments } from "./apply-identity-changes.ts";
import {
  maintainRings,
  pairsBefore,
  type RingSettings,
  ringChangesOf,
  ringSettings,
  withRestatedPayments,
} from "./maintain-rings.ts";
import { type IngestOutcome, planUpsert } from "./plan-upsert.ts";
import { recordGuestSuccessors } from "./record-guest-successors.ts";
import { refreshGuestSummaries } from "./refresh-guest-summaries.ts";
import { type Resolution, reresolveGuestPayments } from "./reresolve-guest-payments.ts";
import { suppressErasedIdentifiers } from "./suppress-erased-identifiers.ts";

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
 * so any number of them end as one serial pass would. Idempotent, and a stale copy rolls nothing back:
 * see planUpsert. A payment without a version is versioned by its arrival (the time the lock is held).
 * Identifiers the account erased are removed from every copy before anything is compared or stored.
 * A payment whose copies disagree on a fixed fact (amount, currency, created) is left out and answered
 * as a conflict. Rings (groups of guests tied by shared
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
    const arrivedAt = Date.now();
    const copies = await suppressErasedIdentifiers(
      db,
      new ErasureRepository(tx, account),
      account,
      // Copies of mutable fields only (an update naming a stored payment) are older than any whole copy:
      // they never replace identifiers, customer or details.
      payments.map((payment) => ({
        ...payment,
        version: options.mutableFieldsOnly ? 0 : (payment.version ?? arrivedAt),
      })),
    );

    const existing = await repository.findExisting(ids);
    const conflicts = options.mutableFieldsOnly
      ? new Map<string, FixedPaymentField>()
      : findConflicts(copies, existing);
    const plan = planUpsert(
      copies.filter((payment) => !conflicts.has(payment.id)),
      existing,
      await repository.findDeleted(ids),
    );
    await repository.create(plan.created);
    await repository.updateMutableFields(plan.updates);
    await repository.setVersions(plan.versions);
    const restatedPairs = await pairsBefore(
      tx,
      account,
      plan.identityChanges.map(({ stored }) => stored.id),
    );
    const identity = await applyIdentityChanges(repository, account, plan.identityChanges);

    const newGuestPayments = plan.created.filter((payment) => payment.customer === null);
    const resolution = await reresolveGuestPayments(repository, account, {
      joined: [...newGuestPayments.map((payment) => payment.id), ...identity.joined],
      reidentified: identity.reidentified,
      changedUses: [
        ...newGuestPayments.flatMap((payment) => usesOf(account, payment)),
        ...identity.changedUses,
      ],
    });
    const retired = await refreshGuestSummaries(repository, {
      changed: plan.changedInGuests,
      created: new Map([
        ...newGuestPayments.map((payment) => [payment.id, payment] as const),
        ...identity.joinedPayments,
      ]),
      departed: identity.departed,
      resolution,
    });
    await recordGuestSuccessors(repository, retired, resolution.moves);
    const guestOf = await repository.findGuests(ids);
    const changedGuests = plan.changedInGuests.map(({ guestId }) => guestId);
    const created = plan.created.map((payment) => payment.id);
    const rings = options.rings ?? ringSettings();
    await maintainRings(
      tx,
      account,
      {
        ...withRestatedPayments(
          ringChangesOf(resolution, changedGuests, created),
          restatedPayments(plan.identityChanges, guestOf),
        ),
        restatedPairs,
      },
      rings,
    );

    const results = ids.map((id): IngestResult => {
      const field = conflicts.get(id);
      if (field) return { id, guest: null, result: "conflict", field };
      return { id, guest: guestOf.get(id) ?? null, result: plan.outcomes.get(id) ?? "unchanged" };
    });
    return { results, counts: { guestsRetired: retired.length, resolution } };
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

/** A new guest payment's uses, at its place in the order. */
function usesOf(account: string, payment: Payment) {
  const at = orderKey(payment.created, payment.id);
  return [...new Set(payment.identifiers.map((identifier) => identityKey(account, identifier)))].map(
    (identity) => ({ identity, at }),
  );
}
