import type { SummaryPayment } from "../domain/guest-summary.ts";
import { mergeMutableFields } from "../domain/mutable-fields.ts";
import type { MutablePaymentFields, Payment } from "../domain/payment.ts";
import type { StoredIdentity, StoredPayment } from "../graph/payment-graph-repository.ts";

/** `deleted`: the payment was deleted after this copy was made (DELETE /v1/payments/:id); nothing was written. */
export type IngestOutcome = "created" | "updated" | "unchanged" | "deleted";

/** A stored payment that a newer copy gives other identifiers, another customer or other details. */
export interface IdentityChange {
  stored: StoredPayment;
  /** The newer copy: its identifiers, customer and details replace the stored ones. */
  payment: Payment;
  /** The payment's mutable fields once this batch is merged in (what guest summaries count of it). */
  fields: MutablePaymentFields;
}

export interface UpsertPlan {
  /** Payments seen for the first time (or again after a deletion, in a copy newer than it). */
  created: Payment[];
  /** Payments seen before whose mutable fields change, merged. */
  updates: { id: string; fields: MutablePaymentFields }[];
  /** The same changes, as the guests holding those payments count them. */
  changedInGuests: { guestId: string; before: SummaryPayment; after: SummaryPayment }[];
  /** Stored payments whose identifiers, customer or details a newer copy replaces. */
  identityChanges: IdentityChange[];
  /** Stored payments a newer copy confirms as they are: only the version they are known at moves on. */
  versions: { id: string; version: number }[];
  outcomes: Map<string, IngestOutcome>;
}

/**
 * What a batch does to the payments already stored. New ones are created. A known one merges its
 * mutable fields (status, refunds, dispute, outcome), each only moving forward, so that a stale copy
 * undoes nothing; and its identifiers, customer and details are replaced only by a copy of a higher
 * version (Payment.version; on a tie the stored copy stays). A copy made before the payment was deleted
 * is dropped.
 */
export function planUpsert(
  batch: Payment[],
  stored: Map<string, StoredPayment>,
  deleted: Map<string, number> = new Map(),
): UpsertPlan {
  const plan: UpsertPlan = {
    created: [],
    updates: [],
    changedInGuests: [],
    identityChanges: [],
    versions: [],
    outcomes: new Map(),
  };
  for (const payment of collapseDuplicates(batch)) {
    const previous = stored.get(payment.id);
    if (!previous) {
      const deletedAt = deleted.get(payment.id);
      const outcome = deletedAt !== undefined && versionOf(payment) <= deletedAt ? "deleted" : "created";
      if (outcome === "created") plan.created.push(payment);
      plan.outcomes.set(payment.id, outcome);
      continue;
    }
    const { merged, changed } = mergeMutableFields(previous, payment);
    const newer = versionOf(payment) > previous.identity.version;
    const reidentified = newer && !sameIdentity(previous.identity, payment);
    plan.outcomes.set(payment.id, changed || reidentified ? "updated" : "unchanged");
    if (reidentified) plan.identityChanges.push({ stored: previous, payment, fields: merged });
    else if (newer) plan.versions.push({ id: payment.id, version: versionOf(payment) });
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

function versionOf(payment: Payment): number {
  return payment.version ?? 0;
}

/**
 * The same payment twice in one batch is one payment: the copies' mutable fields merged in, and the
 * identifiers, customer and details of the highest version (the first of them on a tie).
 */
function collapseDuplicates(payments: Payment[]): Payment[] {
  const byId = new Map<string, Payment>();
  for (const payment of payments) {
    const first = byId.get(payment.id);
    if (!first) {
      byId.set(payment.id, payment);
      continue;
    }
    const { merged } = mergeMutableFields(first, payment);
    byId.set(payment.id, { ...(versionOf(payment) > versionOf(first) ? payment : first), ...merged });
  }
  return [...byId.values()];
}

/** Whether a copy says about who made the payment exactly what is stored. */
export function sameIdentity(stored: StoredIdentity, payment: Payment): boolean {
  return identitySignature(stored) === identitySignature(storedIdentityOf(payment));
}

/** A payment's identity as it would be stored. */
export function storedIdentityOf(payment: Payment): StoredIdentity {
  return {
    version: versionOf(payment),
    customer: payment.customer,
    description: payment.description,
    metadata: JSON.stringify(payment.metadata),
    billingName: payment.billingName,
    billingCountry: payment.billingCountry,
    card: {
      brand: payment.card?.brand ?? null,
      last4: payment.card?.last4 ?? null,
      expMonth: payment.card?.expMonth ?? null,
      expYear: payment.card?.expYear ?? null,
      country: payment.card?.country ?? null,
    },
    identifiers: payment.identifiers.map((identifier) => ({
      kind: identifier.kind,
      value: identifier.value,
      verified: identifier.kind === "phone" ? identifier.verified : null,
      sources: identifier.sources,
    })),
  };
}

function identitySignature({ version: _, identifiers, ...rest }: StoredIdentity): string {
  const uses = identifiers
    .map(({ kind, value, verified, sources }) =>
      JSON.stringify([kind, value, kind === "phone" ? verified : null, [...sources].sort()]),
    )
    .sort();
  return JSON.stringify([
    rest.customer,
    rest.description,
    rest.metadata,
    rest.billingName,
    rest.billingCountry,
    rest.card,
    uses,
  ]);
}
