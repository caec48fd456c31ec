import type { CurrencyTotals, GuestSummary } from "./guest-summary.ts";

/**
 * What a ring holds, summed from its guests' summaries (which ingest keeps exact by deltas): counts and
 * amounts of payments, refunds, disputes and failed attempts. Pure.
 */

export interface RingMember extends GuestSummary {
  id: string;
  hasDispute: boolean;
}

export interface RingTotals {
  currency: string;
  /** Succeeded amounts, minor units. */
  spent: number;
  refunded: number;
  disputed: number;
  failed: number;
}

export interface RingSummary {
  guestCount: number;
  disputedGuestCount: number;
  paymentCount: number;
  refundedPaymentCount: number;
  disputeCount: number;
  failedPaymentCount: number;
  firstPaymentAt: number | null;
  lastPaymentAt: number | null;
  /** Per currency, in currency order. */
  totals: RingTotals[];
}

export function summariseRing(members: RingMember[]): RingSummary {
  const totals = new Map<string, RingTotals>();
  const add = (currency: string, entry: CurrencyTotals) => {
    const sum = totals.get(currency) ?? { currency, spent: 0, refunded: 0, disputed: 0, failed: 0 };
    sum.spent += entry.spent;
    sum.refunded += entry.refunded;
    sum.disputed += entry.disputed ?? 0;
    sum.failed += entry.failed ?? 0;
    totals.set(currency, sum);
  };
  for (const member of members)
    for (const [currency, entry] of Object.entries(member.totals)) add(currency, entry);
  const times = (pick: (m: RingMember) => number | null) =>
    members.map(pick).filter((time): time is number => time !== null);
  const first = times((m) => m.firstPaymentAt);
  const last = times((m) => m.lastPaymentAt);
  const sum = (pick: (m: RingMember) => number) => members.reduce((total, m) => total + pick(m), 0);
  return {
    guestCount: members.length,
    disputedGuestCount: members.filter((m) => m.hasDispute).length,
    paymentCount: sum((m) => m.paymentCount),
    refundedPaymentCount: sum((m) => m.refundedPaymentCount),
    disputeCount: sum((m) => m.disputeCount),
    failedPaymentCount: sum((m) => m.failedPaymentCount),
    firstPaymentAt: first.length ? first.reduce((a, b) => Math.min(a, b)) : null,
    lastPaymentAt: last.length ? last.reduce((a, b) => Math.max(a, b)) : null,
    totals: [...totals.values()].sort((a, b) => (a.currency < b.currency ? -1 : 1)),
  };
}
