import type { FetchPage } from "../domain/page.ts";
import type { IdentifierKind } from "../domain/payment.ts";
import type { RingSummary, RingTotals } from "../domain/ring-summary.ts";
import { type RingFlag, ringFlags } from "../domain/risk.ts";
import type { Database } from "../graph/database.ts";
import { type RingFilters, RingViewRepository, type StoredRing } from "../graph/ring-view-repository.ts";

/** GET /v1/rings and GET /v1/rings/:id, read off what ingest keeps (src/ingest/maintain-rings.ts). */

/** How many guests and identifiers a ring's view names at most (the counts are always whole). */
export const ringViewLimit = 100;

export interface RingResource {
  id: string;
  object: "ring";
  /** The ring's oldest guest (its id is derived from it). */
  founder: string;
  guest_count: number;
  disputed_guest_count: number;
  payment_count: number;
  refunded_payment_count: number;
  dispute_count: number;
  failed_payment_count: number;
  /** Per currency, minor units. */
  totals: RingTotals[];
  first_payment: number | null;
  last_payment: number | null;
  hub_identifier_count: number;
  risk_score: number;
  risk_flags: RingFlag[];
}

export interface RingIdentifier {
  type: IdentifierKind;
  value: string;
  /** How many of the ring's guests used it. */
  ring_guest_count: number;
  /** How many guests of the account used it. */
  guest_count: number;
  /** Up to 10 of the ring's guests that used it. */
  guests: string[];
}

export interface RingView extends RingResource {
  guests: {
    id: string;
    payment_count: number;
    dispute_count: number;
    first_payment: number | null;
    last_payment: number | null;
    dispute_distance: number | null;
  }[];
  /** More guests than `guests` names (guest_count has them all). */
  guests_truncated: boolean;
  identifiers: RingIdentifier[];
  identifiers_truncated: boolean;
  hub_identifiers: RingIdentifier[];
  hub_identifiers_truncated: boolean;
}

export function listRings(db: Database, account: string, filters: RingFilters): FetchPage<RingResource> {
  const rings = new RingViewRepository(db, account);
  return async ({ take, cursor }) => {
    const [position] = cursor ? await rings.find([cursor.id]) : [];
    if (cursor && !position) return null;
    const ids = await rings.pageIds(
      filters,
      cursor && position ? { id: position.id, score: position.score, direction: cursor.direction } : null,
      take,
    );
    return (await rings.find(ids)).map(ringResource);
  };
}

export async function getRing(db: Database, account: string, id: string): Promise<RingView | null> {
  const rings = new RingViewRepository(db, account);
  const [ring] = await rings.find([id]);
  if (!ring) return null;
  const [guests, identifiers] = await Promise.all([rings.guests(id, ringViewLimit), rings.identifiers(id)]);
  const asIdentifier = (row: (typeof identifiers)[number]): RingIdentifier => ({
    type: row.type,
    value: row.value,
    ring_guest_count: row.ringGuestCount,
    guest_count: row.accountGuestCount,
    guests: row.guests,
  });
  const ties = identifiers.filter((row) => !row.hub);
  const hubs = identifiers.filter((row) => row.hub);
  return {
    ...ringResource(ring),
    guests: guests.map((guest) => ({
      id: guest.id,
      payment_count: guest.paymentCount ?? 0,
      dispute_count: guest.disputeCount ?? 0,
      first_payment: guest.firstPaymentAt,
      last_payment: guest.lastPaymentAt,
      dispute_distance: guest.disputeDistance,
    })),
    guests_truncated: ring.guestCount > guests.length,
    identifiers: ties.slice(0, ringViewLimit).map(asIdentifier),
    identifiers_truncated: ties.length > ringViewLimit,
    hub_identifiers: hubs.slice(0, ringViewLimit).map(asIdentifier),
    hub_identifiers_truncated: hubs.length > ringViewLimit,
  };
}

function ringResource(ring: StoredRing): RingResource {
  const totals = JSON.parse(ring.totals) as RingTotals[];
  const summary: RingSummary = { ...ring, totals };
  return {
    id: ring.id,
    object: "ring",
    founder: ring.founder,
    guest_count: ring.guestCount,
    disputed_guest_count: ring.disputedGuestCount,
    payment_count: ring.paymentCount,
    refunded_payment_count: ring.refundedPaymentCount,
    dispute_count: ring.disputeCount,
    failed_payment_count: ring.failedPaymentCount,
    totals,
    first_payment: ring.firstPaymentAt,
    last_payment: ring.lastPaymentAt,
    hub_identifier_count: ring.hubIdentifierCount,
    risk_score: ring.score,
    risk_flags: ringFlags(summary, ring.hubIdentifierCount),
  };
}
