import type { GuestSummary } from "../domain/guest-summary.ts";
import { type PaymentPairs, pairsNoLongerCarried } from "../domain/identifier-pairs.ts";
import { orderKey } from "../domain/resolution-keys.ts";
import { summariseRing } from "../domain/ring-summary.ts";
import { type Component, componentsOf, type GuestUse } from "../domain/rings.ts";
import { radarDistinctBound, ringScore } from "../domain/risk.ts";
import type { Transaction } from "../graph/database.ts";
import {
  type IdentifierKey,
  type RingGuestRow,
  type RingRow,
  RingUpkeepRepository,
  type UsageDelta,
} from "../graph/ring-upkeep-repository.ts";
import { refreshGuestRisk } from "./refresh-guest-risk.ts";
import { refreshRadarSignals } from "./refresh-radar-signals.ts";
import type { Resolution } from "./reresolve-guest-payments.ts";

/**
 * Rings are maintained, not searched: after every ingest (and every change or erasure of payments),
 * the guests whose links or summaries changed have their part of the guest–identifier graph recomputed
 * (src/domain/rings.ts), so GET /v1/rings reads rings off an index. The cost follows the rings touched,
 * never the account.
 */

export interface RingSettings {
  /** An identifier used by more guests than this is a hub: shown, but it ties no ring together. */
  hubGuests: number;
}

/** GUESTGRAPH_HUB_GUESTS's default. */
export const defaultRingSettings: RingSettings = { hubGuests: 50 };

let processRingSettings: RingSettings = defaultRingSettings;

/**
 * Sets the ring settings every ingest of this process uses (every path: the API, webhooks, imports):
 * called once at start-up from the configuration (GUESTGRAPH_HUB_GUESTS), so that no path can keep
 * hubs by another threshold.
 */
export function configureRings(settings: RingSettings): void {
  processRingSettings = settings;
}

export function ringSettings(): RingSettings {
  return processRingSettings;
}

/** A payment that joined a guest (`from` null), left one (`to` null), or moved between two. */
export interface PaymentGuestChange {
  id: string;
  from: string | null;
  to: string | null;
  /**
   * The identifiers it had in `from`, when they are not its identifiers now (its identifiers changed,
   * it was deleted, or a customer was attached): what leaves `from`'s USED links.
   */
  fromIdentifiers?: IdentifierKey[];
}

/**
 * What changed, for rings and risk signals. Ingest fills it from a batch (ringChangesOf). Changes of
 * stored payments (issue 8) state those payments whole (withRestatedPayments: from their guest and
 * identifiers before the transaction to their guest and identifiers after it) and give the Radar pairs
 * they carried before (restatedPairs): a newer copy, a deletion (`to` null), an erasure (whose erased
 * identifier's USED links went with its node, so only its guests are named). Then USED links move by
 * deltas, the rings around the guests touched are recomputed locally (a split included), and Radar's
 * lists and attributes follow.
 */
export interface RingChanges {
  /** Payments stored for the first time, registered customers' too (Radar's counts are over every payment). */
  created?: string[];
  payments: PaymentGuestChange[];
  /** Changes of a guest's use of an identifier that are not whole payments moving. */
  usage?: UsageDelta[];
  /** Guests whose summary changed (counts, amounts, disputes): their ring's summary and score follow. */
  guests: string[];
  /**
   * Stored payments whose identifiers or cardholder name may have changed (a newer copy, a deletion, an
   * erasure), with the pairs Radar counts that they carried before the transaction (pairsBefore): pairs
   * they carry now are recorded, pairs no payment carries any more are forgotten.
   */
  restatedPairs?: PaymentPairs[];
}

/** The Radar pairs these stored payments carry, read before the transaction changes them (RingChanges.restatedPairs). */
export function pairsBefore(tx: Transaction, account: string, paymentIds: string[]): Promise<PaymentPairs[]> {
  return new RingUpkeepRepository(tx, account).identifierPairs(paymentIds);
}

/** What one ingest batch did to guests, as rings see it. */
export function ringChangesOf(
  resolution: Resolution,
  changedGuests: string[],
  created: string[],
): RingChanges {
  const payments: PaymentGuestChange[] = [
    ...[...resolution.newPaymentGuests].map(([id, guest]) => ({ id, from: null, to: guest })),
    ...resolution.moves.map((move) => ({ id: move.id, from: move.previousGuest, to: move.guestId })),
  ];
  const guests = new Set(changedGuests);
  for (const { from, to } of payments) for (const guest of [from, to]) if (guest) guests.add(guest);
  return { created, payments, guests: [...guests] };
}

/**
 * Ring changes in which some payments are stated whole (from their guest and identifiers before the
 * transaction to their guest and identifiers after it), instead of by their moves: payments whose
 * identifiers or customer changed, or that were deleted.
 */
export function withRestatedPayments(changes: RingChanges, restated: PaymentGuestChange[]): RingChanges {
  if (restated.length === 0) return changes;
  const ids = new Set(restated.map(({ id }) => id));
  const payments = [...changes.payments.filter(({ id }) => !ids.has(id)), ...restated];
  const guests = new Set(changes.guests);
  for (const { from, to } of restated) for (const guest of [from, to]) if (guest) guests.add(guest);
  return { ...changes, payments, guests: [...guests] };
}

/**
 * Moves the guests' USED links by the payments that joined, left or moved, then recomputes the rings
 * of every guest whose links or summary changed and of every guest of an identifier that became, or
 * stopped being, a hub; then the Radar attributes of those guests and of the guests of every identifier
 * whose distinct counts grew or shrank.
 */
export async function maintainRings(
  tx: Transaction,
  account: string,
  changes: RingChanges,
  settings: RingSettings,
): Promise<void> {
  const repository = new RingUpkeepRepository(tx, account);
  const restated = changes.restatedPairs ?? [];
  const restatedIds = restated.map(({ id }) => id);
  const grown = await repository.recordIdentifierPairs([...(changes.created ?? []), ...restatedIds]);
  const shrunk = await repository.forgetIdentifierPairs(
    pairsNoLongerCarried(restated, await repository.identifierPairs(restatedIds)),
    radarDistinctBound,
  );
  const usage = await repository.applyUsage(
    merged([...(await usageDeltas(repository, changes.payments)), ...(changes.usage ?? [])]),
    settings.hubGuests,
  );
  // Guests that gained or lost a link, and the guests of every identifier whose links changed (unless a
  // hub, which ties nothing) or that became or stopped being a hub: bounded, since a non-hub identifier
  // has at most hubGuests guests, and a hub flips when its count crosses that.
  const touchedIdentifiers = uniqueIdentifiers(
    usage.filter((change) => (change.linkChanged && !change.isHub) || change.wasHub !== change.isHub),
  );
  const seeds = new Set([
    ...changes.guests,
    ...usage.filter((change) => change.linkChanged).map((change) => change.guest),
    ...(await repository.identifierGuests(touchedIdentifiers)),
  ]);
  const recomputed = await recomputeRings(repository, [...seeds]);
  const grownGuests = await repository.identifierGuests(uniqueIdentifiers([...grown, ...shrunk]));
  await refreshRadarSignals(repository, [...new Set([...seeds, ...grownGuests])]);
  // Last: a guest's score follows its summary, ring facts, ring size and Radar attributes, all written now.
  await refreshGuestRisk(repository, [...new Set([...seeds, ...recomputed, ...grownGuests])]);
}

/**
 * Recomputes rings around these guests: the guests and every member of their rings. That part of the
 * graph is closed when the guests include those of every identifier whose links changed (see
 * maintainRings): any other identifier's guests were in one ring already. Answers the guests it
 * recomputed (whose ring facts or ring size may have changed).
 */
export async function recomputeRings(
  repository: RingUpkeepRepository,
  guestIds: string[],
): Promise<string[]> {
  if (guestIds.length === 0) return [];
  const candidates = await repository.candidates(guestIds);
  const oldRings = [...new Set(candidates.flatMap(({ ring }) => (ring ? [ring] : [])))];
  const guests = await repository.readGuests(
    candidates.map(({ id }) => id),
    oldRings,
  );
  const { components, facts } = componentsOf(
    guests.map((guest) => ({
      id: guest.id,
      foundedAt: guest.firstPaymentAt === null ? "" : orderKey(guest.firstPaymentAt, guest.foundingPaymentId),
      disputed: guest.disputeCount > 0,
      uses: guest.uses,
    })),
  );
  await repository.writeGuestFacts(facts);
  const byId = new Map(guests.map((guest) => [guest.id, guest]));
  const rings = components.flatMap((component) =>
    component.ringId
      ? [
          ringRowOf(
            component,
            component.guests.map((id) => byId.get(id) as RingGuestRow),
          ),
        ]
      : [],
  );
  await repository.writeRings(rings);
  const current = new Set(rings.map((ring) => ring.id));
  await repository.deleteRings(oldRings.filter((id) => !current.has(id)));
  return guests.map((guest) => guest.id);
}

/** A ring's node: its members' summaries summed, the hub identifiers they touched, its score. */
export function ringRowOf(
  component: Component,
  members: (GuestSummary & { id: string; uses: GuestUse[] })[],
): RingRow {
  const summary = summariseRing(
    members.map((member) => ({ ...member, hasDispute: member.disputeCount > 0 })),
  );
  const hubs = new Set(
    members.flatMap((member) => member.uses.filter((use) => use.hub).map((use) => use.identity)),
  );
  const { totals, ...counts } = summary;
  return {
    id: component.ringId as string,
    founder: component.founder,
    ...counts,
    totals: JSON.stringify(totals),
    hubIdentifierCount: hubs.size,
    score: ringScore(summary, hubs.size),
  };
}

/** One delta per guest and identifier: +1 per payment joining the guest, −1 per payment leaving it. */
async function usageDeltas(
  repository: RingUpkeepRepository,
  payments: PaymentGuestChange[],
): Promise<UsageDelta[]> {
  const identifiers = await repository.paymentIdentifiers(payments.map((payment) => payment.id));
  const deltas = new Map<string, UsageDelta>();
  const add = (guest: string, identifier: IdentifierKey, delta: number) => {
    const key = JSON.stringify([guest, identifier.kind, identifier.value]);
    const entry = deltas.get(key) ?? { guest, ...identifier, delta: 0 };
    entry.delta += delta;
    deltas.set(key, entry);
  };
  for (const { id, from, to, fromIdentifiers } of payments) {
    const now = identifiers.get(id) ?? [];
    if (from) for (const identifier of fromIdentifiers ?? now) add(from, identifier, -1);
    if (to) for (const identifier of now) add(to, identifier, 1);
  }
  return [...deltas.values()].filter((delta) => delta.delta !== 0);
}

/** One delta per guest and identifier (apply-usage-deltas takes each pair once). */
function merged(deltas: UsageDelta[]): UsageDelta[] {
  const byKey = new Map<string, UsageDelta>();
  for (const delta of deltas) {
    const key = JSON.stringify([delta.guest, delta.kind, delta.value]);
    const entry = byKey.get(key);
    byKey.set(key, entry ? { ...entry, delta: entry.delta + delta.delta } : { ...delta });
  }
  return [...byKey.values()].filter((delta) => delta.delta !== 0);
}

function uniqueIdentifiers(keys: IdentifierKey[]): IdentifierKey[] {
  const unique = new Map(
    keys.map((key) => [JSON.stringify([key.kind, key.value]), { kind: key.kind, value: key.value }]),
  );
  return [...unique.values()];
}
