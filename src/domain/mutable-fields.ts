import type { Dispute, MutablePaymentFields, Outcome, PaymentStatus } from "./payment.ts";

/**
 * When a payment id arrives again, only status, refunds, dispute and outcome may change. Stripe does
 * not deliver events in order, so a stale copy must never undo a newer fact: each field only moves
 * forward along its own order. Status, refunds and dispute are merged as a maximum (commutative,
 * associative, idempotent), so the copies of a payment end in the same state whatever order they come in.
 */

/**
 * A charge is one attempt: pending, then succeeded or failed for good. A PaymentIntent can fail and then
 * succeed on a retry, never the other way round, hence failed before succeeded.
 */
const statusOrder: Record<PaymentStatus, number> = { pending: 0, failed: 1, succeeded: 2 };

/** Every status a Stripe Dispute can have (charge_refunded is deprecated but still found in old data). */
export const disputeStatuses = [
  "warning_needs_response",
  "warning_under_review",
  "warning_closed",
  "prevented",
  "needs_response",
  "under_review",
  "won",
  "lost",
  "charge_refunded",
] as const;

/**
 * Stripe's dispute lifecycle. An inquiry (warning_*) may escalate into a chargeback (needs_response →
 * under_review → won | lost); "prevented" closes it before a chargeback, like warning_closed. "disputed"
 * is the bare Charge.disputed flag, known before any status. Equal ranks are alternatives, never steps.
 */
export const disputeStageOrder: Record<(typeof disputeStatuses)[number] | "disputed", number> = {
  disputed: 0,
  warning_needs_response: 1,
  warning_under_review: 2,
  warning_closed: 3,
  prevented: 3,
  needs_response: 4,
  under_review: 5,
  won: 6,
  lost: 6,
  charge_refunded: 6,
};

export interface MergeResult {
  merged: MutablePaymentFields;
  /** False when the stored copy already holds everything the incoming one says. */
  changed: boolean;
}

export function mergeMutableFields(
  stored: MutablePaymentFields,
  incoming: MutablePaymentFields,
): MergeResult {
  const merged: MutablePaymentFields = {
    status: statusOrder[incoming.status] > statusOrder[stored.status] ? incoming.status : stored.status,
    refunds: {
      amountRefunded: Math.max(stored.refunds.amountRefunded, incoming.refunds.amountRefunded),
      refunded: stored.refunds.refunded || incoming.refunds.refunded,
    },
    dispute: laterDispute(stored.dispute, incoming.dispute),
    // Radar decides the outcome once, when the charge is authorised; a copy that carries one is taken as is.
    outcome: incoming.outcome ?? stored.outcome,
  };
  return { merged, changed: !sameMutableFields(stored, merged) };
}

/**
 * The dispute at the later stage. Ties (equal rank, which one dispute never produces) are broken on the
 * values themselves, so the result still does not depend on arrival order.
 */
function laterDispute(stored: Dispute | null, incoming: Dispute | null): Dispute | null {
  if (!stored || !incoming) return stored ?? incoming;
  const byStage = stage(incoming) - stage(stored);
  if (byStage !== 0) return byStage > 0 ? incoming : stored;
  return disputeKey(incoming) > disputeKey(stored) ? incoming : stored;
}

function stage(dispute: Dispute): number {
  // A status newer than this table is still a known dispute: treat it as at least the bare flag.
  return (disputeStageOrder as Record<string, number | undefined>)[dispute.status] ?? 0;
}

/** Orders equal-stage disputes: a known reason over none, then by status and reason. */
function disputeKey(dispute: Dispute): string {
  return `${dispute.reason === null ? 0 : 1}|${dispute.status}|${dispute.reason ?? ""}`;
}

function sameMutableFields(a: MutablePaymentFields, b: MutablePaymentFields): boolean {
  return (
    a.status === b.status &&
    a.refunds.amountRefunded === b.refunds.amountRefunded &&
    a.refunds.refunded === b.refunds.refunded &&
    sameDispute(a.dispute, b.dispute) &&
    sameOutcome(a.outcome, b.outcome)
  );
}

function sameDispute(a: Dispute | null, b: Dispute | null): boolean {
  return a === b || (a !== null && b !== null && a.status === b.status && a.reason === b.reason);
}

function sameOutcome(a: Outcome | null, b: Outcome | null): boolean {
  if (a === null || b === null) return a === b;
  return (
    a.riskLevel === b.riskLevel &&
    a.riskScore === b.riskScore &&
    a.networkStatus === b.networkStatus &&
    a.sellerMessage === b.sellerMessage &&
    a.type === b.type
  );
}
