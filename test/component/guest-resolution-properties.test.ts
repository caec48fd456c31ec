import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { recountGuests, storedAssignments } from "../support/guest-graph.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type PaymentSketch, paymentFrom, referenceIdentifiers } from "../support/payment-factory.ts";
import { referenceFounders } from "../support/reference-model.ts";

/**
 * The graph against the reference model over generated histories: whatever the arrival order, the
 * batching, the duplicates or the number of concurrent writers, the stored guests must equal one
 * chronological pass over the same payments.
 */

const db = openTestDatabase();
afterAll(() => db.close());

interface Pools {
  emails: string[];
  phones: string[];
  cards: string[];
}

const smallPools: Pools = {
  emails: ["e0", "e1", "e2", "e3"],
  phones: ["p0", "p1"],
  cards: ["c0", "c1", "c2"],
};

function sketchArbitrary(pools: Pools, maxCreated: number) {
  return fc.record({
    created: fc.integer({ min: 1, max: maxCreated }),
    emails: fc.subarray(pools.emails, { maxLength: 2 }),
    phones: fc.subarray(pools.phones, { maxLength: 1 }),
    cards: fc.subarray(pools.cards, { maxLength: 1 }),
    customer: fc.option(fc.constantFrom("cus_A", "cus_B"), { freq: 6, nil: null }),
    status: fc.constantFrom("succeeded", "succeeded", "failed", "pending"),
    amount: fc.integer({ min: 50, max: 5000 }),
    currency: fc.constantFrom("usd", "eur"),
    disputed: fc.boolean(),
  });
}

/** A history, and how it arrives: an order, cut into batches, spread over writers, some payments sent twice. */
function historyArbitrary(options: {
  pools: Pools;
  minPayments?: number;
  maxPayments: number;
  maxCreated: number;
  maxWriters: number;
}) {
  return fc
    .uniqueArray(fc.stringMatching(/^[a-z0-9]{1,6}$/), {
      minLength: options.minPayments ?? 1,
      maxLength: options.maxPayments,
    })
    .chain((ids) =>
      fc.record({
        sketches: fc
          .tuple(...ids.map(() => sketchArbitrary(options.pools, options.maxCreated)))
          .map((drafts) =>
            drafts.map((draft, index): PaymentSketch => ({ ...draft, id: `ch_${ids[index]}` })),
          ),
        arrival: fc.shuffledSubarray(
          ids.map((_, index) => index),
          { minLength: ids.length, maxLength: ids.length },
        ),
        resent: fc.subarray(ids.map((_, index) => index)),
        batchSizes: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 1, maxLength: 10 }),
        writers: fc.integer({ min: 1, max: options.maxWriters }),
      }),
    );
}

type History = {
  sketches: PaymentSketch[];
  arrival: number[];
  resent: number[];
  batchSizes: number[];
  writers: number;
};

/** A later copy of a payment, as Stripe sends after a partial refund. */
function refundedCopy(sketch: PaymentSketch): PaymentSketch {
  return { ...sketch, amountRefunded: Math.floor((sketch.amount ?? 0) / 3) };
}

async function ingestAsItArrives(account: string, history: History): Promise<void> {
  const deliveries = [
    ...history.arrival.map((index) => history.sketches[index] as PaymentSketch),
    ...history.resent.map((index) => refundedCopy(history.sketches[index] as PaymentSketch)),
  ];
  const batches: PaymentSketch[][] = [];
  for (let start = 0, turn = 0; start < deliveries.length; turn++) {
    const size = history.batchSizes[turn % history.batchSizes.length] as number;
    batches.push(deliveries.slice(start, start + size));
    start += size;
  }
  const lanes = Array.from({ length: history.writers }, (_, lane) =>
    batches.filter((_, index) => index % history.writers === lane),
  );
  await Promise.all(
    lanes.map(async (lane) => {
      for (const batch of lane)
        await ingestPayments(
          db,
          account,
          batch.map((sketch) => paymentFrom(account, sketch)),
        );
    }),
  );
}

async function expectGraphEqualsReference(
  account: string,
  sketches: PaymentSketch[],
  resent: number[] = [],
): Promise<void> {
  const founders = referenceFounders(
    sketches.map((sketch) => ({
      id: sketch.id,
      created: sketch.created,
      customer: sketch.customer ?? null,
      identifiers: referenceIdentifiers(sketch),
    })),
  );
  const stored = await storedAssignments(db, account);

  expect(stored.size).toBe(sketches.length);
  for (const sketch of sketches) {
    const founder = founders.get(sketch.id);
    const expected = founder
      ? { guest: guestIdFor(account, founder), guestEdges: 1, edgeGuest: guestIdFor(account, founder) }
      : { guest: null, guestEdges: 0, edgeGuest: null };
    expect(stored.get(sketch.id), `payment ${sketch.id}`).toEqual(expected);
  }

  const refundedIds = new Set(resent.map((index) => sketches[index]?.id));
  const refunds = await db.read<{ id: string; amountRefunded: number | null }>(
    "MATCH (p:Payment) WHERE p.account = $account RETURN p.id AS id, p.amountRefunded AS amountRefunded",
    { account },
  );
  for (const { id, amountRefunded } of refunds) {
    const sketch = sketches.find((candidate) => candidate.id === id) as PaymentSketch;
    expect(amountRefunded ?? 0, `refund of ${id}`).toBe(
      refundedIds.has(id) ? refundedCopy(sketch).amountRefunded : 0,
    );
  }

  // Each guest's summary (moved by deltas at ingest) must equal a recount of the payments it holds.
  const guests = await recountGuests(db, account);
  for (const guest of guests) {
    expect(guest.stored, `summary of ${guest.id}`).toEqual(guest.recounted);
  }
}

describe("the guest graph equals one chronological pass", () => {
  it("when small histories arrive shuffled, batched, resent and from up to 4 writers, then every payment has the reference guest", async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary({ pools: smallPools, maxPayments: 16, maxCreated: 12, maxWriters: 4 }),
        async (history) => {
          const account = uniqueAccount();
          await ingestAsItArrives(account, history);
          await expectGraphEqualsReference(account, history.sketches, history.resent);
        },
      ),
      { numRuns: 400 },
    );
  }, 600_000);

  it("when 16 writers ingest one account with heavily shared identifiers, then the state equals a serial pass", async () => {
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary({
          pools: { emails: ["e0", "e1"], phones: ["p0"], cards: ["c0", "c1"] },
          minPayments: 32,
          maxPayments: 64,
          maxCreated: 30,
          maxWriters: 16,
        }).map((history) => ({ ...history, writers: 16, batchSizes: [1, 2, 3] })),
        async (history) => {
          const account = uniqueAccount();
          await ingestAsItArrives(account, history);
          await expectGraphEqualsReference(account, history.sketches, history.resent);
        },
      ),
      { numRuns: 60 },
    );
  }, 600_000);

  it("when hundreds of payments share one card and arrive late and out of order, then every payment has the reference guest", async () => {
    const pools: Pools = {
      emails: ["e0", "e1", "e2", "e3", "e4", "e5", "e6", "e7"],
      phones: ["p0", "p1", "p2"],
      cards: ["hot", "hot", "hot", "c1"],
    };
    await fc.assert(
      fc.asyncProperty(
        historyArbitrary({ pools, minPayments: 200, maxPayments: 300, maxCreated: 400, maxWriters: 2 }).map(
          (history) => ({ ...history, batchSizes: history.batchSizes.map((size) => size * 10) }),
        ),
        async (history) => {
          const account = uniqueAccount();
          await ingestAsItArrives(account, history);
          await expectGraphEqualsReference(account, history.sketches, history.resent);
        },
      ),
      { numRuns: 40 },
    );
  }, 600_000);
});
