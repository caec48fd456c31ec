import {
  type GuestFlag,
  type GuestRiskFacts,
  guestFlags,
  guestScore,
  type RadarSignals,
} from "../domain/risk.ts";
import type { GuestListRow } from "../graph/guest-list-repository.ts";

/** A guest as the Customers tab and search results show it (the API's `guest` list item). */
export interface GuestListItem {
  id: string;
  object: "guest";
  primary_email: string | null;
  primary_phone: string | null;
  primary_card: { brand: string | null; last4: string | null; fingerprint: string } | null;
  payment_count: number;
  /** Per currency, in currency order; minor units. */
  totals: { currency: string; spent: number; refunded: number }[];
  dispute_count: number;
  first_payment: number | null;
  last_payment: number | null;
  /** The guest's risk signals that are on (README, Risk signals). */
  risk_flags: GuestFlag[];
  risk: GuestRisk;
}

/** A guest's risk signals and score (README, Risk signals). */
export interface GuestRisk {
  score: number;
  /** The ring the guest is in, and its size (0 when in none). */
  ring: string | null;
  ring_size: number;
  /** Hops to the nearest guest with a disputed payment (0: its own; null: none in reach). */
  dispute_distance: number | null;
  identifiers_shared_with_disputed_guests: number;
  hub_identifiers: number;
  /** Stripe Radar's attributes, by Radar's names (README, Risk signals); null until ingest computed them. */
  radar: RadarSignals | null;
}

export function toGuestListItem(row: GuestListRow): GuestListItem {
  return {
    id: row.id,
    object: "guest",
    primary_email: row.email,
    primary_phone: row.phone,
    primary_card: row.card,
    payment_count: row.paymentCount ?? 0,
    totals: totalsOf(row.totals),
    // Counted by the guest summary; a guest written before summaries existed has none yet.
    dispute_count: row.disputeCount ?? 0,
    first_payment: row.firstPaymentAt,
    last_payment: row.lastPaymentAt,
    ...riskOf(row),
  };
}

function riskOf(row: GuestListRow): Pick<GuestListItem, "risk" | "risk_flags"> {
  const facts: GuestRiskFacts = {
    disputeCount: row.disputeCount ?? 0,
    ring: row.risk.ring,
    ringSize: row.risk.ringSize,
    disputeDistance: row.risk.disputeDistance,
    identifiersSharedWithDisputed: row.risk.identifiersSharedWithDisputed,
    hubIdentifiers: row.risk.hubIdentifiers,
    radar: row.risk.radar ? JSON.parse(row.risk.radar) : null,
  };
  return {
    risk_flags: guestFlags(facts),
    risk: {
      score: guestScore(facts),
      ring: facts.ring,
      ring_size: facts.ringSize,
      dispute_distance: facts.disputeDistance,
      identifiers_shared_with_disputed_guests: facts.identifiersSharedWithDisputed,
      hub_identifiers: facts.hubIdentifiers,
      radar: facts.radar,
    },
  };
}

function totalsOf(json: string | null): GuestListItem["totals"] {
  if (!json) return [];
  const totals = JSON.parse(json) as Record<string, { spent: number; refunded: number }>;
  return Object.keys(totals)
    .sort()
    .map((currency) => ({
      currency,
      spent: totals[currency]?.spent ?? 0,
      refunded: totals[currency]?.refunded ?? 0,
    }));
}
