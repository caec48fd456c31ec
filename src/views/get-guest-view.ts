import type { IdentifierKind } from "../domain/payment.ts";
import type { Database } from "../graph/database.ts";
import { GuestListRepository } from "../graph/guest-list-repository.ts";
import {
  type GuestIdentifierRow,
  GuestViewRepository,
  type SharedIdentifier,
} from "../graph/guest-view-repository.ts";
import { findCurrentGuest } from "./find-current-guest.ts";
import { type GuestListItem, toGuestListItem } from "./guest-list-item.ts";
import { listGuestPayments } from "./list-guest-payments.ts";
import type { PaymentResource } from "./payment-resource.ts";

/** How many of the newest payments the view carries; `payments_url` lists them all. */
export const latestPaymentCount = 10;
/** How many related customers and linked guests the view names at most, most shared first. */
export const relatedLimit = 50;

export interface GuestIdentifier {
  type: IdentifierKind;
  value: string;
  /** Phones only. */
  verified?: boolean;
  /** Cards only: the details of the card's most recent payment. */
  card?: {
    brand: string | null;
    last4: string | null;
    exp_month: number | null;
    exp_year: number | null;
    country: string | null;
  };
  first_seen: number;
  last_seen: number;
  /** How many of the guest's payments used it. */
  payment_count: number;
}

/** The guest's row in the guest list (primary identifiers, counts, totals, risk flags), and more. */
export interface GuestView extends GuestListItem {
  /** The retired guest id that was asked for, when it led here; else null. */
  redirected_from: string | null;
  created: number | null;
  founding_payment: string;
  refunded_payment_count: number;
  has_dispute: boolean;
  has_refund: boolean;
  identifiers: GuestIdentifier[];
  latest_payments: PaymentResource[];
  payments_url: string;
  related_customers: {
    customer: string;
    identifiers: SharedIdentifier[];
    shared_payment_count: number;
    payment_count: number;
  }[];
  linked_guests: {
    guest: string;
    identifiers: SharedIdentifier[];
    shared_identifier_count: number;
    shared_payment_count: number;
    payment_count: number;
  }[];
}

/**
 * Everything an investigator first wants to know about a guest: its row of the guest list (read and
 * shaped by the list's own query and mapping, so that the two never disagree), the identifiers it used,
 * its latest payments, and the registered customers and other guests it shares an identifier with. A
 * retired guest's id answers with the guest that holds its founding payment now. Null when the account
 * has no guest of that id.
 */
export async function getGuestView(db: Database, account: string, id: string): Promise<GuestView | null> {
  const current = await findCurrentGuest(db, account, id);
  if (!current) return null;
  const guests = new GuestViewRepository(db, account);
  const [[listRow], summary, identifiers, latestPayments, customers, linked] = await Promise.all([
    new GuestListRepository(db, account).rows([current.id]),
    guests.summary(current.id),
    guests.identifiers(current.id),
    listGuestPayments(db, account, current.id, { take: latestPaymentCount, cursor: null }),
    guests.relatedCustomers(current.id, relatedLimit),
    guests.linkedGuests(current.id, relatedLimit),
  ]);
  if (!listRow || !summary) return null;
  const listItem = toGuestListItem(listRow);
  return {
    ...listItem,
    redirected_from: current.redirectedFrom,
    created: summary.created,
    founding_payment: summary.foundingPayment,
    refunded_payment_count: summary.refundedPaymentCount ?? 0,
    has_dispute: summary.hasDispute ?? false,
    has_refund: summary.hasRefund ?? false,
    identifiers: identifiers.map(guestIdentifier),
    latest_payments: latestPayments ?? [],
    payments_url: `/v1/guests/${encodeURIComponent(listItem.id)}/payments`,
    related_customers: customers.map((row) => ({
      customer: row.customer,
      identifiers: row.sharedIdentifiers,
      shared_payment_count: row.sharedPaymentCount,
      payment_count: row.paymentCount,
    })),
    linked_guests: linked.map((row) => ({
      guest: row.guest,
      identifiers: row.sharedIdentifiers,
      shared_identifier_count: row.sharedIdentifiers.length,
      shared_payment_count: row.sharedPaymentCount,
      payment_count: row.paymentCount ?? 0,
    })),
  };
}

function guestIdentifier(row: GuestIdentifierRow): GuestIdentifier {
  return {
    type: row.type,
    value: row.value,
    ...(row.type === "phone" ? { verified: row.verified ?? false } : {}),
    ...(row.type === "card"
      ? {
          card: {
            brand: row.brand,
            last4: row.last4,
            exp_month: row.expMonth,
            exp_year: row.expYear,
            country: row.country,
          },
        }
      : {}),
    first_seen: row.firstSeen,
    last_seen: row.lastSeen,
    payment_count: row.paymentCount,
  };
}
