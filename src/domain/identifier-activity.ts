import type { FetchPage } from "./page.ts";

/**
 * What one email, phone or card's payments say, computed from the payments read (its newest guest
 * payments and its registered customers' payments): who used it, how often and when, what else came
 * with it (Radar's "emails per card", "cards per email"…), how fast (payments and failures in the last
 * hour, day, week, 30 days) and over time (per day). Pure: the caller reads the payments.
 */

export interface IdentifierPayment {
  id: string;
  created: number;
  amount: number;
  currency: string;
  status: string;
  amountRefunded: number;
  disputed: boolean;
  /** The guest (guest payments) or the registered customer (customers' payments). */
  owner: string | null;
  emails: string[];
  phones: string[];
  cards: string[];
}

export interface IdentifierUser {
  id: string;
  payment_count: number;
  failed_payment_count: number;
  disputed_payment_count: number;
  first_used: number;
  last_used: number;
}

export interface Velocity {
  last_hour: number;
  last_day: number;
  last_week: number;
  last_30_days: number;
}

export interface ActivityDay {
  /** Unix seconds of the day's start (UTC). */
  day: number;
  payments: number;
  failed: number;
  disputed: number;
  /** Succeeded payments' amounts per currency, minor units. */
  amounts: { currency: string; amount: number }[];
}

export interface IdentifierActivity {
  first_used: number | null;
  last_used: number | null;
  counts: {
    payments: number;
    failed_payments: number;
    disputed_payments: number;
    refunded_payments: number;
    guests: number;
    customers: number;
    /** Distinct identifiers of each type on these payments, the identifier itself included (Radar counts it too). */
    emails: number;
    phones: number;
    cards: number;
  };
  /** Succeeded payments per currency: amount and refunded, minor units. */
  amounts: { currency: string; amount: number; refunded: number }[];
  velocity: { as_of: number; payments: Velocity; failed_payments: Velocity };
  /** Days with payments, newest first, at most `maxDays`. */
  activity: ActivityDay[];
  guests: IdentifierUser[];
  customers: IdentifierUser[];
}

const hour = 3_600;
const day = 24 * hour;
export const maxDays = 90;

export function summariseIdentifierPayments(
  guestPayments: IdentifierPayment[],
  customerPayments: IdentifierPayment[],
  now: number,
): IdentifierActivity {
  const payments = [...guestPayments, ...customerPayments].sort(
    (a, b) => b.created - a.created || (a.id < b.id ? 1 : -1),
  );
  const failed = payments.filter((payment) => payment.status === "failed");
  const distinct = (pick: (payment: IdentifierPayment) => string[]) => new Set(payments.flatMap(pick)).size;
  const guests = usersOf(guestPayments);
  const customers = usersOf(customerPayments);
  return {
    first_used: payments.at(-1)?.created ?? null,
    last_used: payments[0]?.created ?? null,
    counts: {
      payments: payments.length,
      failed_payments: failed.length,
      disputed_payments: payments.filter((payment) => payment.disputed).length,
      refunded_payments: payments.filter((payment) => payment.amountRefunded > 0).length,
      guests: guests.length,
      customers: customers.length,
      emails: distinct((payment) => payment.emails),
      phones: distinct((payment) => payment.phones),
      cards: distinct((payment) => payment.cards),
    },
    amounts: amountsOf(payments),
    velocity: { as_of: now, payments: velocityOf(payments, now), failed_payments: velocityOf(failed, now) },
    activity: daysOf(payments),
    guests,
    customers,
  };
}

function usersOf(payments: IdentifierPayment[]): IdentifierUser[] {
  const users = new Map<string, IdentifierUser>();
  for (const payment of payments) {
    if (payment.owner === null) continue;
    const user = users.get(payment.owner) ?? {
      id: payment.owner,
      payment_count: 0,
      failed_payment_count: 0,
      disputed_payment_count: 0,
      first_used: payment.created,
      last_used: payment.created,
    };
    user.payment_count++;
    if (payment.status === "failed") user.failed_payment_count++;
    if (payment.disputed) user.disputed_payment_count++;
    user.first_used = Math.min(user.first_used, payment.created);
    user.last_used = Math.max(user.last_used, payment.created);
    users.set(payment.owner, user);
  }
  // Most recent use first; ties by id, so that pages are stable.
  return [...users.values()].sort((a, b) => b.last_used - a.last_used || (a.id < b.id ? -1 : 1));
}

function amountsOf(payments: IdentifierPayment[]): IdentifierActivity["amounts"] {
  const totals = new Map<string, { amount: number; refunded: number }>();
  for (const payment of payments) {
    if (payment.status !== "succeeded") continue;
    const total = totals.get(payment.currency) ?? { amount: 0, refunded: 0 };
    total.amount += payment.amount;
    total.refunded += payment.amountRefunded;
    totals.set(payment.currency, total);
  }
  return [...totals.keys()]
    .sort()
    .map((currency) => ({ currency, ...(totals.get(currency) as { amount: number; refunded: number }) }));
}

function velocityOf(payments: IdentifierPayment[], now: number): Velocity {
  const since = (seconds: number) =>
    payments.filter((payment) => payment.created > now - seconds && payment.created <= now).length;
  return {
    last_hour: since(hour),
    last_day: since(day),
    last_week: since(7 * day),
    last_30_days: since(30 * day),
  };
}

function daysOf(payments: IdentifierPayment[]): ActivityDay[] {
  const days = new Map<number, ActivityDay & { byCurrency: Map<string, number> }>();
  for (const payment of payments) {
    const start = payment.created - (((payment.created % day) + day) % day);
    const entry = days.get(start) ?? {
      day: start,
      payments: 0,
      failed: 0,
      disputed: 0,
      amounts: [],
      byCurrency: new Map(),
    };
    entry.payments++;
    if (payment.status === "failed") entry.failed++;
    if (payment.disputed) entry.disputed++;
    if (payment.status === "succeeded") {
      entry.byCurrency.set(payment.currency, (entry.byCurrency.get(payment.currency) ?? 0) + payment.amount);
    }
    days.set(start, entry);
  }
  return [...days.values()]
    .sort((a, b) => b.day - a.day)
    .slice(0, maxDays)
    .map(({ byCurrency, ...entry }) => ({
      ...entry,
      amounts: [...byCurrency.keys()]
        .sort()
        .map((currency) => ({ currency, amount: byCurrency.get(currency) as number })),
    }));
}

/** A page of an ordered list held in memory, by Stripe's cursor rules (see FetchPage). */
export function pageOf<T extends { id: string }>(items: T[]): FetchPage<T> {
  return async ({ take, cursor }) => {
    if (!cursor) return items.slice(0, take);
    const at = items.findIndex((item) => item.id === cursor.id);
    if (at === -1) return null;
    return cursor.direction === "after"
      ? items.slice(at + 1, at + 1 + take)
      : items.slice(Math.max(0, at - take), at).reverse();
  };
}
