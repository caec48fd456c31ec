/**
 * What each risk signal means, for the text shown next to it on hover and focus (the README's "Risk
 * signals" says the same). Guest flags and ring flags share some names; each has its own list.
 */
import type { GuestFlag } from "../../src/domain/risk.ts";

/** Keyed by the API's own flag type (type-only import), so a flag added there must be defined here. */
const guestFlags: Record<GuestFlag, string> = {
  disputed: "The guest has a disputed payment.",
  near_disputed_guest:
    "A guest with a disputed payment is 1 or 2 hops away through shared emails, phones or cards.",
  in_ring: "The guest belongs to a ring: distinct guests tied together by shared emails, phones or cards.",
  shares_identifiers_with_disputed:
    "Another guest with a disputed payment used one of this guest's emails, phones or cards.",
  hub_identifier:
    "The guest used a hub identifier: an email, phone or card shared by so many guests that it ties no ring together.",
  card_testing:
    "Card testing: 3 or more declined payments within an hour (Radar's declined_charges_per_customer_hourly).",
  many_cards: "4 or more cards used by this guest (Radar's card_count_for_customer_all_time).",
  card_shared_across_people:
    "One of its cards was used with 3 or more emails or names (Radar's email_count_for_card_all_time / name_count_for_card_all_time).",
  email_with_many_cards:
    "One of its emails was used with 4 or more cards (Radar's card_count_for_email_all_time).",
};

const ringFlags: Record<string, string> = {
  disputed: "A guest of the ring has a disputed payment.",
  many_guests: "The ring has 5 guests or more.",
  failed_attempts: "A quarter or more of the ring's payments failed.",
  refunds: "A quarter or more of the ring's payments were refunded.",
  hub_identifier: "The ring's guests touched a hub identifier (shown, but it ties nothing together).",
};

/** Every guest flag, for the Customers tab's risk_flag filter. */
export const guestFlagNames = Object.keys(guestFlags) as GuestFlag[];

export function riskDefinition(flag: string, of: "guest" | "ring" = "guest"): string {
  const definitions: Record<string, string> = of === "ring" ? ringFlags : guestFlags;
  return definitions[flag] ?? `Risk signal “${flag.replaceAll("_", " ")}”.`;
}
