import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/graph/database.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { rebuildRings } from "../../src/ingest/rebuild-rings.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type PaymentSketch, paymentFrom } from "../support/payment-factory.ts";
import { ringState as ringStateOf } from "../support/ring-state.ts";

/**
 * `guestgraph rebuild-rings` against what ingest maintains: an account whose ring data is wiped (as for
 * payments stored before rings existed), or kept with another hub threshold, rebuilt from its payments,
 * must end exactly as an account that ingested the same payments with that threshold (the stored risk
 * scores and flags that the Customers tab filters on included).
 */

const db: Database = openTestDatabase();
afterAll(() => db.close());

async function ingest(account: string, sketches: PaymentSketch[], hubGuests: number): Promise<void> {
  for (let start = 0; start < sketches.length; start += 7) {
    await ingestPayments(
      db,
      account,
      sketches.slice(start, start + 7).map((sketch) => paymentFrom(account, sketch)),
      { rings: { hubGuests } },
    );
  }
}

const ringState = (account: string) => ringStateOf(db, account);

async function wipeRingData(account: string): Promise<void> {
  await db.write("MATCH (g:Guest)-[u:USED]->() WHERE g.account = $account DELETE u", { account });
  await db.write("MATCH (r:Ring) WHERE r.account = $account DELETE r", { account });
  await db.write(
    `MATCH (g:Guest) WHERE g.account = $account
     REMOVE g.ring, g.disputeDistance, g.identifiersSharedWithDisputed, g.hubIdentifiers, g.radarSignals,
            g.riskScore, g.riskFlagBits`,
    { account },
  );
  await db.write(
    `MATCH (i:Email|Phone|Card) WHERE i.account = $account
     REMOVE i.guestCount, i.hub, i.emailsSeen, i.namesSeen, i.cardsSeen`,
    { account },
  );
}

const names = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
const sketches = fc
  .uniqueArray(fc.stringMatching(/^[a-z0-9]{1,6}$/), { minLength: 8, maxLength: 20 })
  .chain((ids) =>
    fc.tuple(
      ...ids.map((id) =>
        fc.record({
          id: fc.constant(`ch_${id}`),
          created: fc.integer({ min: 1, max: 30 }).map((hours) => 1_700_000_000 + hours * 1800),
          emails: fc.subarray(names("e", 10), { minLength: 1, maxLength: 1 }),
          phones: fc.subarray(names("p", 2), { maxLength: 1 }),
          cards: fc.subarray(names("c", 8), { maxLength: 1 }),
          customer: fc.integer({ min: 0, max: 9 }).map((roll) => (roll === 0 ? "cus_A" : null)),
          status: fc.constantFrom("succeeded" as const, "failed" as const),
          disputed: fc.integer({ min: 0, max: 9 }).map((roll) => roll < 2),
          billingName: fc.constantFrom("Ann", "ANN", "Bob"),
        }),
      ),
    ),
  );

/** Rings the generated histories held, so that a generator change cannot silently compare empty accounts. */
let ringsSeen = 0;

describe("rebuild-rings", () => {
  it("when an account's ring data is wiped and rebuilt, or kept with another hub threshold and rebuilt, then it equals an account that ingested the same payments with that threshold", async () => {
    await fc.assert(
      fc.asyncProperty(sketches, fc.constantFrom(1, 2, 3), async (history, hubGuests) => {
        const maintained = uniqueAccount();
        const wiped = uniqueAccount();
        const rethresholded = uniqueAccount();
        await ingest(maintained, history, hubGuests);
        await ingest(wiped, history, hubGuests);
        await ingest(rethresholded, history, 50);
        await wipeRingData(wiped);

        await rebuildRings(db, wiped, { hubGuests });
        await rebuildRings(db, rethresholded, { hubGuests });

        const expected = await ringState(maintained);
        ringsSeen += expected.rings;
        expect(await ringState(wiped)).toEqual(expected);
        expect(await ringState(rethresholded)).toEqual(expected);
      }),
      { numRuns: 10 },
    );

    expect(ringsSeen).toBeGreaterThan(0);
  }, 600_000);

  it("when the hub threshold rises above a phone's 60 guests, then a rebuild ties them into one ring; lowered again, the ring is gone", async () => {
    const account = uniqueAccount();
    const sketches: PaymentSketch[] = [];
    for (let g = 0; g < 60; g++) {
      sketches.push({ id: `ch_o${g}_a`, created: 10_000 + 10 * g, emails: [`o${g}@example.com`] });
      sketches.push({
        id: `ch_o${g}_b`,
        created: 10_001 + 10 * g,
        emails: [`o${g}@example.com`],
        phones: ["+15555550142"],
      });
    }
    await ingest(account, sketches, 50);

    const raised = await rebuildRings(db, account, { hubGuests: 100 });
    const [ring] = await db.read<{ guestCount: number }>(
      "MATCH (r:Ring) WHERE r.account = $account RETURN r.guestCount AS guestCount",
      { account },
    );
    const lowered = await rebuildRings(db, account, { hubGuests: 50 });

    expect(raised).toMatchObject({ payments: 120, guests: 60, rings: 1, hubs: 0 });
    expect(ring?.guestCount).toBe(60);
    expect(lowered).toMatchObject({ rings: 0, hubs: 1 });
  }, 120_000);
});
