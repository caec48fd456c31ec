import { emailToLookUp, phoneSpellings } from "../domain/identifier-lookup.ts";
import { type IdentifierType, nodeId } from "../domain/link-graph.ts";
import type { FetchPage } from "../domain/page.ts";
import type { Database } from "../graph/database.ts";
import {
  type IdentifierActivityRow,
  IdentifierRepository,
  type IdentifierRow,
  type IdentifierUserRow,
} from "../graph/identifier-repository.ts";

/**
 * Everything that used one email, phone or card, for investigators: its guests and registered customers,
 * its payments over time, first and last use, distinct counts and velocity. Bounded on hubs: the
 * statistics come from its newest `guestPaymentWindow` guest payments and the customers' payments among
 * the first `customerScanWindow` of its relationships, aggregated in Neo4j (one row comes back, whatever the hub's size); its payment
 * count and its first and last guest use are exact whatever its size, and `truncated` says when the
 * payments read were fewer than all.
 */

export const guestPaymentWindow = 2_000;
/** Relationships of the identifier looked through for registered customers' payments (they have no index). */
export const customerScanWindow = 2_000;
const bounds = { take: guestPaymentWindow, customerTake: customerScanWindow };

export interface Velocity {
  last_hour: number;
  last_day: number;
  last_week: number;
  last_30_days: number;
}

export interface IdentifierUser {
  id: string;
  object: "identifier_user";
  type: "guest" | "customer";
  payment_count: number;
  failed_payment_count: number;
  disputed_payment_count: number;
  first_used: number;
  last_used: number;
}

export interface IdentifierReport {
  id: string;
  object: "identifier";
  type: IdentifierType;
  value: string;
  verified?: boolean;
  card?: {
    brand: string | null;
    last4: string | null;
    exp_month: number | null;
    exp_year: number | null;
    country: string | null;
  };
  /** Every payment that used it, guests' and customers' (exact). */
  payment_count: number;
  first_used: number | null;
  last_used: number | null;
  counts: {
    payments: number;
    failed_payments: number;
    disputed_payments: number;
    refunded_payments: number;
    guests: number;
    customers: number;
    emails: number;
    phones: number;
    cards: number;
  };
  amounts: IdentifierActivityRow["amounts"];
  velocity: { as_of: number; payments: Velocity; failed_payments: Velocity };
  activity: IdentifierActivityRow["activity"];
  truncated: { any: boolean; payments: { kept: number; total: number } };
}

/** An identifier found in the account, in its stored form. */
export interface FoundIdentifier {
  type: IdentifierType;
  value: string;
  row: IdentifierRow;
}

/** The stored forms a typed value may have (an email lower-cased, a phone in each spelling ingest may have stored). */
export function storedForms(type: IdentifierType, typed: string): string[] {
  if (type === "email") {
    const address = emailToLookUp(typed);
    return address ? [address] : [];
  }
  if (type === "phone") return phoneSpellings(typed);
  const fingerprint = typed.trim();
  return fingerprint ? [fingerprint] : [];
}

/** The identifier a typed value names in the account; null when the account never saw it. */
export async function findIdentifier(
  db: Database,
  account: string,
  type: IdentifierType,
  typed: string,
): Promise<FoundIdentifier | null> {
  const identifiers = new IdentifierRepository(db, account);
  for (const value of storedForms(type, typed)) {
    const row = await identifiers.find(type, value);
    if (row) return { type, value, row };
  }
  return null;
}

/** `now` (unix seconds) anchors the velocity windows. */
export async function getIdentifierReport(
  db: Database,
  account: string,
  found: FoundIdentifier,
  now: number,
): Promise<IdentifierReport> {
  const { type, value, row } = found;
  const activity = await new IdentifierRepository(db, account).activity(type, value, bounds, now);
  const velocity = ([hour, day, week, month]: number[]): Velocity => ({
    last_hour: hour ?? 0,
    last_day: day ?? 0,
    last_week: week ?? 0,
    last_30_days: month ?? 0,
  });
  return {
    id: nodeId({ type, key: value }),
    object: "identifier",
    type,
    value,
    ...details(type, row),
    payment_count: row.paymentCount,
    ...exactEnds(row, activity),
    counts: {
      payments: activity.read,
      failed_payments: activity.failedPayments,
      disputed_payments: activity.disputedPayments,
      refunded_payments: activity.refundedPayments,
      guests: activity.guests,
      customers: activity.customers,
      emails: activity.emails,
      phones: activity.phones,
      cards: activity.cards,
    },
    amounts: activity.amounts,
    velocity: {
      as_of: now,
      payments: velocity(activity.paymentVelocity),
      failed_payments: velocity(activity.failedVelocity),
    },
    activity: activity.activity,
    truncated: {
      any: activity.read < row.paymentCount,
      payments: { kept: activity.read, total: row.paymentCount },
    },
  };
}

/** The guests or the registered customers that used it, most recent use first, page by page. */
export function identifierUsers(
  db: Database,
  account: string,
  found: FoundIdentifier,
  kind: "guest" | "customer",
): FetchPage<IdentifierUser> {
  const repository = new IdentifierRepository(db, account);
  const read = kind === "guest" ? guestPaymentWindow : customerScanWindow;
  return async (page) => {
    const answer = await repository.users(kind, found.type, found.value, read, page);
    return answer ? answer.page.map((user) => identifierUser(kind, user)) : null;
  };
}

function identifierUser(kind: "guest" | "customer", row: IdentifierUserRow): IdentifierUser {
  return {
    id: row.id,
    object: "identifier_user",
    type: kind,
    payment_count: row.paymentCount,
    failed_payment_count: row.failedPaymentCount,
    disputed_payment_count: row.disputedPaymentCount,
    first_used: row.firstUsed,
    last_used: row.lastUsed,
  };
}

function details(type: IdentifierType, row: IdentifierRow): Pick<IdentifierReport, "verified" | "card"> {
  if (type === "phone") return { verified: row.verified ?? false };
  if (type === "card") {
    return {
      card: {
        brand: row.brand,
        last4: row.last4,
        exp_month: row.expMonth,
        exp_year: row.expYear,
        country: row.country,
      },
    };
  }
  return {};
}

/** First and last use: the guest payments' come from the index ends, so they hold even when the window cut. */
function exactEnds(
  row: IdentifierRow,
  activity: IdentifierActivityRow,
): Pick<IdentifierReport, "first_used" | "last_used"> {
  const createdOf = (at: string | null) => (at === null ? null : Number(at.split("|")[0]));
  const ends = [
    activity.firstUsed,
    activity.lastUsed,
    createdOf(row.firstGuestUse),
    createdOf(row.lastGuestUse),
  ].filter((value): value is number => value !== null);
  return ends.length === 0
    ? { first_used: null, last_used: null }
    : { first_used: Math.min(...ends), last_used: Math.max(...ends) };
}
