import type { MutablePaymentFields } from "./payment.ts";

/**
 * What the Customers tab shows of a guest without reading its payments: counts, activity times and
 * money per currency. Kept on the Guest node and moved by deltas as payments arrive or change, so a
 * guest with 100,000 payments costs the same to update as a guest with one.
 */

export interface CurrencyTotals {
  /** Succeeded amounts, minor units. */
  spent: number;
  refunded: number;
  /** Amounts of disputed payments, minor units. */
  disputed?: number;
  /** Amounts of failed payment attempts, minor units. */
  failed?: number;
  /** How many of the guest's payments are in this currency: the entry goes when the last one leaves. */
  payments: number;
}

export interface GuestSummary {
  paymentCount: number;
  firstPaymentAt: number | null;
  lastPaymentAt: number | null;
  disputeCount: number;
  refundedPaymentCount: number;
  /** Payment attempts that failed (declined or blocked). */
  failedPaymentCount: number;
  totals: Record<string, CurrencyTotals>;
}

/** The parts of a payment a guest's summary is made of. */
export interface SummaryPayment extends Pick<MutablePaymentFields, "status" | "refunds" | "dispute"> {
  created: number;
  amount: number;
  currency: string;
}

export function emptySummary(): GuestSummary {
  return {
    paymentCount: 0,
    firstPaymentAt: null,
    lastPaymentAt: null,
    disputeCount: 0,
    refundedPaymentCount: 0,
    failedPaymentCount: 0,
    totals: {},
  };
}

export function summarise(payments: Iterable<SummaryPayment>): GuestSummary {
  let summary = emptySummary();
  for (const payment of payments) summary = withPayment(summary, payment);
  return summary;
}

/** The summary once `payment` belongs to the guest too. */
export function withPayment(summary: GuestSummary, payment: SummaryPayment): GuestSummary {
  const next = adjusted(summary, payment, 1);
  next.paymentCount += 1;
  next.firstPaymentAt =
    summary.firstPaymentAt === null ? payment.created : Math.min(summary.firstPaymentAt, payment.created);
  next.lastPaymentAt =
    summary.lastPaymentAt === null ? payment.created : Math.max(summary.lastPaymentAt, payment.created);
  return next;
}

/**
 * The summary once `payment` has left the guest (a late payment moved it to an older guest). Its first
 * and last payment times may have moved too; only the guest's remaining payments can tell.
 */
export function withoutPayment(summary: GuestSummary, payment: SummaryPayment): GuestSummary {
  const next = adjusted(summary, payment, -1);
  next.paymentCount -= 1;
  if (next.totals[payment.currency]?.payments === 0) delete next.totals[payment.currency];
  return next;
}

/** The summary once a payment of the guest changed its mutable fields (its created never changes). */
export function withChangedPayment(
  summary: GuestSummary,
  before: SummaryPayment,
  after: SummaryPayment,
): GuestSummary {
  return adjusted(adjusted(summary, before, -1), after, 1);
}

function adjusted(summary: GuestSummary, payment: SummaryPayment, sign: 1 | -1): GuestSummary {
  const totals = { ...summary.totals };
  const current = totals[payment.currency] ?? { spent: 0, refunded: 0, payments: 0 };
  totals[payment.currency] = {
    spent: current.spent + sign * (payment.status === "succeeded" ? payment.amount : 0),
    refunded: current.refunded + sign * payment.refunds.amountRefunded,
    disputed: (current.disputed ?? 0) + sign * (payment.dispute ? payment.amount : 0),
    failed: (current.failed ?? 0) + sign * (payment.status === "failed" ? payment.amount : 0),
    payments: current.payments + sign,
  };
  return {
    ...summary,
    disputeCount: summary.disputeCount + sign * (payment.dispute ? 1 : 0),
    refundedPaymentCount: summary.refundedPaymentCount + sign * (payment.refunds.amountRefunded > 0 ? 1 : 0),
    failedPaymentCount: summary.failedPaymentCount + sign * (payment.status === "failed" ? 1 : 0),
    totals,
  };
}
