import { nodeId } from "../domain/link-graph.ts";
import type { IdentifierKind } from "../domain/payment.ts";
import type { Database } from "../graph/database.ts";
import {
  type GuestIdentifierRow,
  type GuestLinkRow,
  GuestViewRepository,
  type SharedIdentifier,
} from "../graph/guest-view-repository.ts";

/**
 * What a guest is tied to, bounded whatever its size or its identifiers' (a guest with 100,000 payments,
 * an office phone shared by thousands): its identifiers, from its newest `identifierWindow` payments; the
 * other guests and registered customers sharing one, from the `maxIdentifiers` most used of those, each
 * read for `usesPerIdentifier` payments. Whole lists, most significant first, for the view (the first
 * few) and the paged lists (all); `truncated` says what was read in part.
 */

export const identifierWindow = 2_000;
export const linkBounds = { window: 2_000, maxIdentifiers: 100, usesPerIdentifier: 1_000 };

export interface GuestIdentifier {
  /** Its node id in the link graph (email:…, phone:…, card:…); the cursor of the paged list. */
  id: string;
  object: "guest_identifier";
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
  /** How many payments of the account used it, the guest's and everyone else's. */
  total_payment_count: number;
}

export interface RelatedCustomer {
  id: string;
  object: "related_customer";
  customer: string;
  identifiers: SharedIdentifier[];
  shared_payment_count: number;
  payment_count: number;
}

export interface LinkedGuest {
  id: string;
  object: "linked_guest";
  guest: string;
  identifiers: SharedIdentifier[];
  shared_identifier_count: number;
  shared_payment_count: number;
  payment_count: number;
}

export interface GuestLinks {
  linkedGuests: LinkedGuest[];
  relatedCustomers: RelatedCustomer[];
  /** Identifiers followed, of those found. */
  identifiers: { kept: number; total: number };
  /** Followed identifiers whose payments were read in part (node ids). */
  hubs: string[];
}

/** The identifiers of the guest's newest `identifierWindow` payments, most used first (then most recent, type, value). */
export async function guestIdentifiers(
  db: Database,
  account: string,
  guestId: string,
): Promise<GuestIdentifier[]> {
  const rows = await new GuestViewRepository(db, account).identifiers(guestId, identifierWindow);
  return rows.map(guestIdentifier);
}

/** Most shared first: most shared identifiers, then most payments using them, then id. */
export async function guestLinks(db: Database, account: string, guestId: string): Promise<GuestLinks> {
  const row = await new GuestViewRepository(db, account).links(guestId, linkBounds);
  const ordered = [...row.links].sort(
    (a, b) =>
      b.sharedIdentifiers.length - a.sharedIdentifiers.length ||
      b.sharedPaymentCount - a.sharedPaymentCount ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return {
    linkedGuests: ordered.filter((link) => link.kind === "guest").map(linkedGuest),
    relatedCustomers: ordered.filter((link) => link.kind === "customer").map(relatedCustomer),
    identifiers: { kept: row.followedCount, total: row.identifierCount },
    hubs: [...row.hubs].sort(),
  };
}

function byTypeAndValue(identifiers: SharedIdentifier[]): SharedIdentifier[] {
  return [...identifiers].sort((a, b) => (a.type + a.value < b.type + b.value ? -1 : 1));
}

function linkedGuest(row: GuestLinkRow): LinkedGuest {
  return {
    id: row.id,
    object: "linked_guest",
    guest: row.id,
    identifiers: byTypeAndValue(row.sharedIdentifiers),
    shared_identifier_count: row.sharedIdentifiers.length,
    shared_payment_count: row.sharedPaymentCount,
    payment_count: row.paymentCount,
  };
}

function relatedCustomer(row: GuestLinkRow): RelatedCustomer {
  return {
    id: row.id,
    object: "related_customer",
    customer: row.id,
    identifiers: byTypeAndValue(row.sharedIdentifiers),
    shared_payment_count: row.sharedPaymentCount,
    payment_count: row.paymentCount,
  };
}

function guestIdentifier(row: GuestIdentifierRow): GuestIdentifier {
  return {
    id: nodeId({ type: row.type, key: row.value }),
    object: "guest_identifier",
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
    total_payment_count: row.totalPaymentCount,
  };
}
