import {
  type IdentifierActivity,
  type IdentifierUser,
  summariseIdentifierPayments,
} from "../domain/identifier-activity.ts";
import { emailToLookUp, phoneSpellings } from "../domain/identifier-lookup.ts";
import { type IdentifierType, nodeId } from "../domain/link-graph.ts";
import type { Database } from "../graph/database.ts";
import { IdentifierRepository, type IdentifierRow } from "../graph/identifier-repository.ts";

/**
 * Everything that used one email, phone or card, for investigators: its guests and registered customers,
 * its payments over time, first and last use, distinct counts and velocity. Bounded on hubs: the
 * statistics come from its newest `guestPaymentWindow` guest payments and up to `customerPaymentWindow`
 * customers' payments; its total payment count, first and last guest use are exact whatever its size,
 * and `truncated` says when the payments read were fewer than all.
 */

export const guestPaymentWindow = 5_000;
export const customerPaymentWindow = 1_000;

export interface IdentifierReport extends Omit<IdentifierActivity, "guests" | "customers"> {
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
  truncated: { any: boolean; payments: { kept: number; total: number } };
  guests: IdentifierUser[];
  customers: IdentifierUser[];
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

/** Null when the account never saw the identifier. `now` (unix seconds) anchors the velocity windows. */
export async function getIdentifier(
  db: Database,
  account: string,
  type: IdentifierType,
  typed: string,
  now: number,
): Promise<IdentifierReport | null> {
  const identifiers = new IdentifierRepository(db, account);
  for (const value of storedForms(type, typed)) {
    const row = await identifiers.find(type, value);
    if (!row) continue;
    const hasCustomerPayments = row.paymentCount > row.guestPaymentCount;
    const [guestPayments, customerPayments] = await Promise.all([
      identifiers.guestPayments(type, value, guestPaymentWindow),
      hasCustomerPayments ? identifiers.customerPayments(type, value, customerPaymentWindow) : [],
    ]);
    const activity = summariseIdentifierPayments(guestPayments, customerPayments, now);
    const read = guestPayments.length + customerPayments.length;
    return {
      id: nodeId({ type, key: value }),
      object: "identifier",
      type,
      value,
      ...details(type, row),
      payment_count: row.paymentCount,
      ...activity,
      ...exactEnds(row, activity),
      truncated: { any: read < row.paymentCount, payments: { kept: read, total: row.paymentCount } },
    };
  }
  return null;
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
  activity: IdentifierActivity,
): Pick<IdentifierActivity, "first_used" | "last_used"> {
  const createdOf = (at: string | null) => (at === null ? null : Number(at.split("|")[0]));
  const ends = [
    activity.first_used,
    activity.last_used,
    createdOf(row.firstGuestUse),
    createdOf(row.lastGuestUse),
  ].filter((value): value is number => value !== null);
  return ends.length === 0
    ? { first_used: null, last_used: null }
    : { first_used: Math.min(...ends), last_used: Math.max(...ends) };
}
