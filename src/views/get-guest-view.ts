import type { Database } from "../graph/database.ts";
import { GuestListRepository } from "../graph/guest-list-repository.ts";
import { GuestViewRepository } from "../graph/guest-view-repository.ts";
import { findCurrentGuest } from "./find-current-guest.ts";
import {
  type GuestIdentifier,
  guestIdentifiers,
  guestLinks,
  identifierWindow,
  type LinkedGuest,
  type RelatedCustomer,
} from "./guest-links.ts";
import { type GuestListItem, toGuestListItem } from "./guest-list-item.ts";
import { listGuestPayments } from "./list-guest-payments.ts";
import type { PaymentResource } from "./payment-resource.ts";

/** How many of the newest payments the view carries; `payments_url` lists them all. */
export const latestPaymentCount = 10;
/** How many of its most used identifiers the view carries; `identifiers_url` lists them all. */
export const topIdentifierCount = 20;
/** How many related customers and linked guests the view names at most, most shared first; their urls list them all. */
export const relatedLimit = 50;

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
  identifier_count: number;
  identifiers_url: string;
  latest_payments: PaymentResource[];
  payments_url: string;
  related_customers: RelatedCustomer[];
  related_customer_count: number;
  related_customers_url: string;
  linked_guests: LinkedGuest[];
  linked_guest_count: number;
  linked_guests_url: string;
  /** What was read in part, on a guest or identifiers too large to read whole. */
  truncated: {
    any: boolean;
    payments: { kept: number; total: number };
    identifiers: { kept: number; total: number };
    hubs: string[];
  };
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
  const [[listRow], summary, latestPayments, identifiers, links] = await Promise.all([
    new GuestListRepository(db, account).rows([current.id]),
    guests.summary(current.id),
    listGuestPayments(db, account, current.id, { take: latestPaymentCount, cursor: null }),
    guestIdentifiers(db, account, current.id),
    guestLinks(db, account, current.id),
  ]);
  if (!listRow || !summary) return null;
  const listItem = toGuestListItem(listRow);
  const paymentsRead = {
    kept: Math.min(listItem.payment_count, identifierWindow),
    total: listItem.payment_count,
  };
  const url = `/v1/guests/${encodeURIComponent(listItem.id)}`;
  return {
    ...listItem,
    redirected_from: current.redirectedFrom,
    created: summary.created,
    founding_payment: summary.foundingPayment,
    refunded_payment_count: summary.refundedPaymentCount ?? 0,
    has_dispute: summary.hasDispute ?? false,
    has_refund: summary.hasRefund ?? false,
    identifiers: identifiers.slice(0, topIdentifierCount),
    identifier_count: identifiers.length,
    identifiers_url: `${url}/identifiers`,
    latest_payments: latestPayments ?? [],
    payments_url: `${url}/payments`,
    related_customers: links.relatedCustomers.slice(0, relatedLimit),
    related_customer_count: links.relatedCustomers.length,
    related_customers_url: `${url}/related_customers`,
    linked_guests: links.linkedGuests.slice(0, relatedLimit),
    linked_guest_count: links.linkedGuests.length,
    linked_guests_url: `${url}/linked_guests`,
    truncated: {
      any:
        paymentsRead.kept < paymentsRead.total ||
        links.identifiers.kept < links.identifiers.total ||
        links.hubs.length > 0,
      payments: paymentsRead,
      identifiers: links.identifiers,
      hubs: links.hubs,
    },
  };
}
