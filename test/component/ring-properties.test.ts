import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import { ringIdFor } from "../../src/domain/rings.ts";
import { type GuestRiskFacts, guestFlags, guestScore, riskFlagBits } from "../../src/domain/risk.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type PaymentSketch, paymentFrom, referenceIdentifiers } from "../support/payment-factory.ts";
import { referenceRings } from "../support/reference-model.ts";

/**
 * Rings kept at ingest against the reference model's components, over generated histories: whatever
 * the arrival order (late payments move payments between guests), the batching, resends, and with a
 * hub threshold low enough that identifiers become hubs (and, as guests merge, stop being hubs), the
 * stored rings must equal the components computed from scratch.
 */

const db = openTestDatabase();
afterAll(() => db.close());

// Under the guest rule, distinct guests come to share an identifier only when a payment carries the
// identifiers of two guests; an email on every payment from a larger pool makes that common.
const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const pools = { emails: names("e", 12), phones: names("p", 2), cards: names("c", 12) };

function historyArbitrary(maxPayments: number) {
  return fc
    .uniqueArray(fc.stringMatching(/^[a-z0-9]{1,6}$/), { minLength: maxPayments / 2, maxLength: maxPayments })
    .chain((ids) =>
      fc.record({
        sketches: fc.tuple(
          ...ids.map((id) =>
            fc.record({
              id: fc.constant(`ch_${id}`),
              created: fc.integer({ min: 1, max: 40 }),
              emails: fc.subarray(pools.emails, { minLength: 1, maxLength: 1 }),
              phones: fc.subarray(pools.phones, { maxLength: 1 }),
              cards: fc.subarray(pools.cards, { maxLength: 1 }),
              customer: fc.integer({ min: 0, max: 9 }).map((roll) => (roll === 0 ? "cus_A" : null)),
              status: fc.constantFrom("succeeded" as const, "failed" as const),
              disputed: fc.integer({ min: 0, max: 9 }).map((roll) => roll < 2),
            }),
          ),
        ),
        arrival: fc.shuffledSubarray(
          ids.map((_, index) => index),
          { minLength: ids.length, maxLength: ids.length },
        ),
        resent: fc.subarray(ids.map((_, index) => index)),
        batchSizes: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 6 }),
        hubGuests: fc.constantFrom(1, 2, 2, 3),
      }),
    );
}

type History = {
  sketches: PaymentSketch[];
  arrival: number[];
  resent: number[];
  batchSizes: number[];
  hubGuests: number;
};

async function ingestAsItArrives(account: string, history: History): Promise<void> {
  // A resent copy carries a dispute the first copy did not have: disputes arrive after the payment.
  const deliveries = [
    ...history.arrival.map((index) => ({ ...(history.sketches[index] as PaymentSketch), disputed: false })),
    ...history.arrival.map((index) => history.sketches[index] as PaymentSketch).filter((s) => s.disputed),
    ...history.resent.map((index) => history.sketches[index] as PaymentSketch),
  ];
  for (let start = 0, turn = 0; start < deliveries.length; turn++) {
    const size = history.batchSizes[turn % history.batchSizes.length] as number;
    const batch = deliveries.slice(start, start + size);
    await ingestPayments(
      db,
      account,
      batch.map((sketch) => paymentFrom(account, sketch)),
      { rings: { hubGuests: history.hubGuests } },
    );
    start += size;
  }
}

/** What the generated histories exercised, so that a generator change cannot silently test nothing. */
const seen = { rings: 0, hubs: 0, disputeDistances: 0, riskyGuests: 0 };

async function expectRingsEqualReference(account: string, history: History): Promise<void> {
  const reference = referenceRings(
    history.sketches.map((sketch) => ({
      id: sketch.id,
      created: sketch.created,
      customer: sketch.customer ?? null,
      identifiers: referenceIdentifiers(sketch),
      disputed: sketch.disputed ?? false,
    })),
    history.hubGuests,
  );
  const guestId = (founder: string) => guestIdFor(account, founder);

  const guests = await db.read<{ id: string; ring: string | null; disputeDistance: number | null }>(
    `MATCH (g:Guest) WHERE g.account = $account AND g.paymentCount > 0
     RETURN g.id AS id, g.ring AS ring, g.disputeDistance AS disputeDistance`,
    { account },
  );
  const expectedGuests = [...reference.ringOf.keys()].map((founder) => ({
    id: guestId(founder),
    ring: reference.ringOf.get(founder) ? ringIdFor(guestId(reference.ringOf.get(founder) as string)) : null,
    disputeDistance: reference.disputeDistance.get(founder) ?? null,
  }));
  expect(sortById(guests)).toEqual(sortById(expectedGuests));
  seen.disputeDistances += expectedGuests.filter((guest) => (guest.disputeDistance ?? 0) > 0).length;

  const rings = await db.read<{
    id: string;
    guestCount: number;
    paymentCount: number;
    disputedGuestCount: number;
  }>(
    `MATCH (r:Ring) WHERE r.account = $account
     RETURN r.id AS id, r.guestCount AS guestCount, r.paymentCount AS paymentCount,
            r.disputedGuestCount AS disputedGuestCount`,
    { account },
  );
  const members = new Map<string, string[]>();
  for (const guest of expectedGuests)
    if (guest.ring) members.set(guest.ring, [...(members.get(guest.ring) ?? []), guest.id]);
  // A ring's counts are sums of its guests' summaries, which the resolution property tests hold exact.
  const paymentsOf = new Map<string, number>();
  const guestPayments = await db.read<{ id: string; paymentCount: number; disputed: boolean }>(
    `MATCH (g:Guest) WHERE g.account = $account
     RETURN g.id AS id, g.paymentCount AS paymentCount, coalesce(g.hasDispute, false) AS disputed`,
    { account },
  );
  for (const guest of guestPayments) paymentsOf.set(guest.id, guest.paymentCount);
  const disputedGuests = new Set(guestPayments.filter((guest) => guest.disputed).map((guest) => guest.id));
  seen.rings += members.size;
  expect(sortById(rings)).toEqual(
    sortById(
      [...members].map(([id, ids]) => ({
        id,
        guestCount: ids.length,
        paymentCount: ids.reduce((sum, guest) => sum + (paymentsOf.get(guest) ?? 0), 0),
        disputedGuestCount: ids.filter((guest) => disputedGuests.has(guest)).length,
      })),
    ),
  );

  const uses = await db.read<{ guest: string; identifier: string; payments: number }>(
    `MATCH (g:Guest)-[u:USED]->(i) WHERE g.account = $account
     RETURN g.id AS guest,
            CASE WHEN i:Email THEN 'email:' + i.address WHEN i:Phone THEN 'phone:' + i.number
                 ELSE 'card:' + i.fingerprint END AS identifier, u.payments AS payments`,
    { account },
  );
  expect(new Map(uses.map((use) => [`${use.guest} ${use.identifier}`, use.payments]))).toEqual(
    new Map(
      [...reference.uses].map(([key, count]) => {
        const [founder, identifier] = key.split(" ");
        return [`${guestId(founder as string)} ${identifier}`, count];
      }),
    ),
  );

  const identifiers = await db.read<{ identifier: string; guestCount: number; hub: boolean }>(
    `MATCH (i:Email|Phone|Card) WHERE i.account = $account AND i.guestCount > 0
     RETURN CASE WHEN i:Email THEN 'email:' + i.address WHEN i:Phone THEN 'phone:' + i.number
                 ELSE 'card:' + i.fingerprint END AS identifier, i.guestCount AS guestCount, i.hub AS hub`,
    { account },
  );
  expect(new Map(identifiers.map((row) => [row.identifier, [row.guestCount, row.hub]]))).toEqual(
    new Map(
      [...reference.guestCount].map(([identifier, count]) => [
        identifier,
        [count, count > history.hubGuests],
      ]),
    ),
  );
  seen.hubs += identifiers.filter((row) => row.hub).length;

  // The score and flags stored for the risk filters are those of the guest's current facts, as the
  // guest list computes them on read.
  const risks = await db.read<
    Omit<GuestRiskFacts, "radar"> & { id: string; radar: string | null; score: number; flagBits: number }
  >(
    `MATCH (g:Guest) WHERE g.account = $account AND g.paymentCount > 0
     OPTIONAL MATCH (ring:Ring {account: $account, id: g.ring})
     RETURN g.id AS id, coalesce(g.disputeCount, 0) AS disputeCount, ring.id AS ring,
            coalesce(ring.guestCount, 0) AS ringSize, g.disputeDistance AS disputeDistance,
            coalesce(g.identifiersSharedWithDisputed, 0) AS identifiersSharedWithDisputed,
            coalesce(g.hubIdentifiers, 0) AS hubIdentifiers, g.radarSignals AS radar,
            g.riskScore AS score, g.riskFlagBits AS flagBits`,
    { account },
  );
  const stored = risks.map(({ id, score, flagBits }) => ({ id, score, flagBits }));
  const computed = risks.map(({ id, score: _score, flagBits: _bits, radar, ...facts }) => {
    const all: GuestRiskFacts = { ...facts, radar: radar ? JSON.parse(radar) : null };
    return { id, score: guestScore(all), flagBits: riskFlagBits(guestFlags(all)) };
  });
  expect(stored).toEqual(computed);
  seen.riskyGuests += computed.filter((guest) => guest.score > 0).length;
}

function sortById<T extends { id: string }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

describe("rings equal the components of the guest–identifier graph", () => {
  it("when histories with hubs arrive shuffled, batched and resent, then stored rings, links, hubs and dispute distances equal the reference, and stored risk scores and flags follow them", async () => {
    await fc.assert(
      fc.asyncProperty(historyArbitrary(24), async (history) => {
        const account = uniqueAccount();
        await ingestAsItArrives(account, history);
        await expectRingsEqualReference(account, history);
      }),
      { numRuns: 100 },
    );

    expect(seen.rings).toBeGreaterThan(30);
    expect(seen.hubs).toBeGreaterThan(30);
    expect(seen.disputeDistances).toBeGreaterThan(30);
    expect(seen.riskyGuests).toBeGreaterThan(30);
  }, 600_000);
});
