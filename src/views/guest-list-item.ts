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
  /** Filled by the risk rules of a later issue; always empty for now. */
  risk_flags: string[];
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
    risk_flags: [],
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
