import type { RingSummary } from "./ring-summary.ts";

/**
 * Risk signals and scores, as documented in the README ("Risk signals"). Pure: every input is a fact
 * ingest keeps on the graph (guest summaries, ring facts, Radar-style counts), so a score costs nothing
 * to compute on read.
 */

/**
 * Stripe Radar rule attributes, computed exactly from the graph with Radar's names and definitions. A
 * guest stands where Radar has a Customer object (`…_customer_…`); windows end at the guest's most
 * recent payment and include it; `…_for_card` / `…_for_email` counts are the largest over the guest's
 * cards / emails, counted over every payment of the account.
 */
export interface RadarSignals {
  card_count_for_customer_all_time: number;
  total_charges_per_customer_hourly: number;
  total_charges_per_customer_daily: number;
  total_charges_per_customer_weekly: number;
  declined_charges_per_customer_hourly: number;
  declined_charges_per_customer_daily: number;
  declined_charges_per_customer_weekly: number;
  email_count_for_card_all_time: number;
  name_count_for_card_all_time: number;
  card_count_for_email_all_time: number;
}

export const radarSignalNames: (keyof RadarSignals)[] = [
  "card_count_for_customer_all_time",
  "total_charges_per_customer_hourly",
  "total_charges_per_customer_daily",
  "total_charges_per_customer_weekly",
  "declined_charges_per_customer_hourly",
  "declined_charges_per_customer_daily",
  "declined_charges_per_customer_weekly",
  "email_count_for_card_all_time",
  "name_count_for_card_all_time",
  "card_count_for_email_all_time",
];

export function noRadarSignals(): RadarSignals {
  return Object.fromEntries(radarSignalNames.map((name) => [name, 0])) as unknown as RadarSignals;
}

/** What the graph knows of one guest's risk. */
export interface GuestRiskFacts {
  disputeCount: number;
  ring: string | null;
  /** Guests in the guest's ring (0 when it is in none). */
  ringSize: number;
  disputeDistance: number | null;
  identifiersSharedWithDisputed: number;
  /** How many hub identifiers the guest used. */
  hubIdentifiers: number;
  /** Null until ingest has computed them for the guest. */
  radar: RadarSignals | null;
}

/** The flags a guest can carry, each defined in the README. */
export const guestFlagThresholds = {
  /** declined_charges_per_customer_hourly at or above this: card testing. */
  cardTestingDeclinesPerHour: 3,
  /** card_count_for_customer_all_time at or above this. */
  manyCards: 4,
  /** email_count_for_card_all_time or name_count_for_card_all_time at or above this. */
  cardSharedAcrossPeople: 3,
  /** card_count_for_email_all_time at or above this. */
  emailWithManyCards: 4,
} as const;

export type GuestFlag =
  | "disputed"
  | "near_disputed_guest"
  | "in_ring"
  | "shares_identifiers_with_disputed"
  | "hub_identifier"
  | "card_testing"
  | "many_cards"
  | "card_shared_across_people"
  | "email_with_many_cards";

/** Every guest flag, in the order of its bit in riskFlagBits. */
export const guestFlagNames: readonly GuestFlag[] = [
  "disputed",
  "near_disputed_guest",
  "in_ring",
  "shares_identifiers_with_disputed",
  "hub_identifier",
  "card_testing",
  "many_cards",
  "card_shared_across_people",
  "email_with_many_cards",
];

/**
 * A guest's flags as one integer, bit i for guestFlagNames[i]: what ingest keeps on the guest
 * (riskFlagBits) so that the Customers tab's risk_flag filter is an index seek per bit pattern.
 */
export function riskFlagBits(flags: readonly GuestFlag[]): number {
  return flags.reduce((bits, flag) => bits | (1 << guestFlagNames.indexOf(flag)), 0);
}

/**
 * Every riskFlagBits value with all of `required` on and all of `forbidden` off: the values a
 * flag filter seeks (2^(9 − flags fixed) of them, 256 at most for one flag).
 */
export function riskFlagBitsWith(required: readonly GuestFlag[], forbidden: readonly GuestFlag[]): number[] {
  const on = riskFlagBits(required);
  const off = riskFlagBits(forbidden);
  if ((on & off) !== 0) return [];
  const values: number[] = [];
  for (let bits = 0; bits < 1 << guestFlagNames.length; bits++)
    if ((bits & on) === on && (bits & off) === 0) values.push(bits);
  return values;
}

export function guestFlags(facts: GuestRiskFacts): GuestFlag[] {
  const t = guestFlagThresholds;
  const r = facts.radar ?? noRadarSignals();
  const flags: [GuestFlag, boolean][] = [
    ["disputed", facts.disputeCount > 0],
    [
      "near_disputed_guest",
      facts.disputeDistance !== null && facts.disputeDistance > 0 && facts.disputeDistance <= 2,
    ],
    ["in_ring", facts.ring !== null],
    ["shares_identifiers_with_disputed", facts.identifiersSharedWithDisputed > 0],
    ["hub_identifier", facts.hubIdentifiers > 0],
    ["card_testing", r.declined_charges_per_customer_hourly >= t.cardTestingDeclinesPerHour],
    ["many_cards", r.card_count_for_customer_all_time >= t.manyCards],
    [
      "card_shared_across_people",
      r.email_count_for_card_all_time >= t.cardSharedAcrossPeople ||
        r.name_count_for_card_all_time >= t.cardSharedAcrossPeople,
    ],
    ["email_with_many_cards", r.card_count_for_email_all_time >= t.emailWithManyCards],
  ];
  return flags.filter(([, on]) => on).map(([flag]) => flag);
}

/**
 * A guest's risk score, 0–100: the sum of the points of its signals, capped at 100.
 * - its own dispute: 40
 * - nearest disputed guest 1 hop away: 25; 2 hops: 15; further in its ring: 5
 * - identifiers shared with disputed guests: 5 each, up to 15
 * - in a ring: 2 per other guest of the ring, up to 10
 * - card testing (flag): 20; many cards, a card shared across people, an email with many cards: 10 each
 * - a hub identifier used: 5
 */
export function guestScore(facts: GuestRiskFacts): number {
  const flags = new Set(guestFlags(facts));
  const distance = facts.disputeDistance;
  const points = [
    facts.disputeCount > 0 ? 40 : 0,
    distance === 1 ? 25 : distance === 2 ? 15 : distance !== null && distance > 2 ? 5 : 0,
    Math.min(15, 5 * facts.identifiersSharedWithDisputed),
    facts.ringSize > 1 ? Math.min(10, 2 * (facts.ringSize - 1)) : 0,
    flags.has("card_testing") ? 20 : 0,
    flags.has("many_cards") ? 10 : 0,
    flags.has("card_shared_across_people") ? 10 : 0,
    flags.has("email_with_many_cards") ? 10 : 0,
    flags.has("hub_identifier") ? 5 : 0,
  ];
  return Math.min(
    100,
    points.reduce((sum, p) => sum + p, 0),
  );
}

/**
 * A ring's risk score, 0–100: the sum of these points, capped at 100.
 * - a guest with a disputed payment: 40, and 10 for each further one, up to 60 in all
 * - size: 4 per guest beyond two, up to 20
 * - failed attempts: 20 × the share of the ring's payments that failed
 * - refunds: 10 × the share of the ring's payments that were refunded
 * - hub identifiers touched: 5
 * Rounded to a whole number.
 */
export function ringScore(summary: RingSummary, hubIdentifiers: number): number {
  const disputed = summary.disputedGuestCount;
  const share = (count: number) => (summary.paymentCount > 0 ? count / summary.paymentCount : 0);
  const points = [
    disputed > 0 ? Math.min(60, 40 + 10 * (disputed - 1)) : 0,
    Math.min(20, 4 * Math.max(0, summary.guestCount - 2)),
    20 * share(summary.failedPaymentCount),
    10 * share(summary.refundedPaymentCount),
    hubIdentifiers > 0 ? 5 : 0,
  ];
  return Math.min(100, Math.round(points.reduce((sum, p) => sum + p, 0)));
}

export type RingFlag = "disputed" | "many_guests" | "failed_attempts" | "refunds" | "hub_identifier";

/** A ring's flags: the signals behind its score that are on. */
export function ringFlags(summary: RingSummary, hubIdentifiers: number): RingFlag[] {
  const share = (count: number) => (summary.paymentCount > 0 ? count / summary.paymentCount : 0);
  const flags: [RingFlag, boolean][] = [
    ["disputed", summary.disputedGuestCount > 0],
    ["many_guests", summary.guestCount >= 5],
    ["failed_attempts", share(summary.failedPaymentCount) >= 0.25],
    ["refunds", share(summary.refundedPaymentCount) >= 0.25],
    ["hub_identifier", hubIdentifiers > 0],
  ];
  return flags.filter(([, on]) => on).map(([flag]) => flag);
}

/** What ingest reads of a guest for its Radar attributes (cypher/rings/read-radar-facts.cypher). */
export interface RadarFacts {
  /** Unix seconds of the guest's most recent payment: every window ends there. */
  lastPaymentAt: number;
  /** The guest's payments of the week up to it, newest first, at most `radarWindowCap`. */
  week: { created: number; status: string }[];
  /** Distinct cards the guest used. */
  cards: number;
  /** The most emails / names one of its cards was used with, and the most cards one of its emails was. */
  emailsPerCard: number;
  namesPerCard: number;
  cardsPerEmail: number;
}

/** Charges counted in one window at most: counts stop there (a guest's week read is bounded). */
export const radarWindowCap = 1000;
/** Radar bounds its distinct counts (cards per email, …) at 25. */
export const radarDistinctBound = 25;

const hour = 3_600;
const day = 24 * hour;
const week = 7 * day;

/**
 * Radar's attributes for a guest, exactly as defined in the README: charges in the hour, day and week up
 * to (and including) the guest's most recent payment, declined ones (status failed), and distinct counts
 * bounded at 25 as Radar bounds them.
 */
export function radarSignals(facts: RadarFacts): RadarSignals {
  const inLast = (seconds: number) => facts.week.filter((p) => p.created > facts.lastPaymentAt - seconds);
  const declined = (payments: RadarFacts["week"]) => payments.filter((p) => p.status === "failed").length;
  const bounded = (count: number) => Math.min(count, radarDistinctBound);
  const [lastHour, lastDay, lastWeek] = [inLast(hour), inLast(day), inLast(week)];
  return {
    card_count_for_customer_all_time: bounded(facts.cards),
    total_charges_per_customer_hourly: lastHour.length,
    total_charges_per_customer_daily: lastDay.length,
    total_charges_per_customer_weekly: lastWeek.length,
    declined_charges_per_customer_hourly: declined(lastHour),
    declined_charges_per_customer_daily: declined(lastDay),
    declined_charges_per_customer_weekly: declined(lastWeek),
    email_count_for_card_all_time: bounded(facts.emailsPerCard),
    name_count_for_card_all_time: bounded(facts.namesPerCard),
    card_count_for_email_all_time: bounded(facts.cardsPerEmail),
  };
}
