import type { IdentifierKind } from "./payment.ts";
import { parseIdentityKey } from "./resolution-keys.ts";

/**
 * Why a payment is where it is, in words an investigator can check by hand: which identifiers
 * matched, which earlier payment it joined, and which other guests shared an identifier but lost
 * because their use of it was older.
 */

export interface ExplanationFacts {
  id: string;
  created: number;
  customer: string | null;
  guest: string | null;
  matchId: string | null;
  matchCreated: number | null;
  uses: {
    identity: string;
    earlierPayment: string | null;
    earlierCreated: number | null;
    earlierGuest: string | null;
  }[];
}

export interface IdentifierRef {
  type: IdentifierKind;
  value: string;
}

export interface Explanation {
  object: "explanation";
  payment: string;
  guest: string | null;
  decision: "registered_customer" | "founded_guest" | "joined_guest";
  /** The earlier payment this one joined (the most recent earlier payment sharing an identifier). */
  matched_payment: { id: string; created: number } | null;
  /** The identifiers it shares with matched_payment. */
  matched_on: IdentifierRef[];
  /** Per identifier: its most recent earlier use, and that payment's guest now. */
  identifiers: (IdentifierRef & {
    previous_use: { payment: string; created: number; guest: string | null } | null;
  })[];
  /** Other guests that shared an identifier but lost because their use was older. */
  outranked_guests: { guest: string; via: IdentifierRef[]; latest_payment: string; latest_created: number }[];
  summary: string;
}

export function explain(facts: ExplanationFacts): Explanation {
  const identifiers = facts.uses
    .map((use) => {
      const { kind, value } = parseIdentityKey(use.identity);
      const previous =
        use.earlierPayment && use.earlierCreated !== null
          ? { payment: use.earlierPayment, created: use.earlierCreated, guest: use.earlierGuest }
          : null;
      return { type: kind, value, previous_use: previous };
    })
    .sort((a, b) => a.type.localeCompare(b.type) || a.value.localeCompare(b.value));

  const matchedOn = identifiers
    .filter((identifier) => facts.matchId !== null && identifier.previous_use?.payment === facts.matchId)
    .map(({ type, value }) => ({ type, value }));

  const outranked = new Map<string, Explanation["outranked_guests"][number]>();
  for (const identifier of identifiers) {
    const previous = identifier.previous_use;
    if (!previous?.guest || previous.guest === facts.guest) continue;
    const entry = outranked.get(previous.guest) ?? {
      guest: previous.guest,
      via: [],
      latest_payment: previous.payment,
      latest_created: previous.created,
    };
    entry.via.push({ type: identifier.type, value: identifier.value });
    if (previous.created > entry.latest_created) {
      entry.latest_payment = previous.payment;
      entry.latest_created = previous.created;
    }
    outranked.set(previous.guest, entry);
  }

  const decision = facts.customer ? "registered_customer" : facts.matchId ? "joined_guest" : "founded_guest";
  return {
    object: "explanation",
    payment: facts.id,
    guest: facts.guest,
    decision,
    matched_payment:
      facts.matchId && facts.matchCreated !== null
        ? { id: facts.matchId, created: facts.matchCreated }
        : null,
    matched_on: matchedOn,
    identifiers,
    outranked_guests: [...outranked.values()],
    summary: summarise(decision, facts, matchedOn, outranked.size),
  };
}

function summarise(
  decision: Explanation["decision"],
  facts: ExplanationFacts,
  matchedOn: IdentifierRef[],
  outranked: number,
): string {
  if (decision === "registered_customer") {
    return `Payment ${facts.id} belongs to registered customer ${facts.customer}; it is never grouped into a guest.`;
  }
  if (decision === "founded_guest") {
    return `Payment ${facts.id} founded guest ${facts.guest}: no earlier guest payment used any of its identifiers.`;
  }
  const via = matchedOn.map((identifier) => identifier.type).join(" and ");
  const lost =
    outranked > 0
      ? ` ${outranked} other guest${outranked === 1 ? "" : "s"} shared an identifier but used it less recently.`
      : "";
  return `Payment ${facts.id} joined guest ${facts.guest} through payment ${facts.matchId}, the most recent earlier payment sharing its ${via}.${lost}`;
}
