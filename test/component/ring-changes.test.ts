import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/graph/database.ts";
import { deletePayment } from "../../src/ingest/delete-payment.ts";
import { eraseIdentifier } from "../../src/ingest/erase-identifier.ts";
import { ingestPayments } from "../../src/ingest/ingest-payments.ts";
import { configureRings, type RingSettings } from "../../src/ingest/maintain-rings.ts";
import { rebuildRings } from "../../src/ingest/rebuild-rings.ts";
import { verifyAccount } from "../../src/ingest/verify-account.ts";
import { apiUnderTest } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type PaymentSketch, paymentFrom } from "../support/payment-factory.ts";
import { ringState } from "../support/ring-state.ts";

/**
 * Rings, USED links, hubs and Radar's counts after payments change identifiers, gain a customer, are
 * deleted or have an identifier erased: they must equal what `guestgraph rebuild-rings` computes from the
 * payments as they are now (and `verify` must find no ring difference). Each test works in its own
 * account; this file's process keeps hubs at 2 guests, so that hubs appear and disappear.
 */

const settings: RingSettings = { hubGuests: 2 };
configureRings(settings);

const db: Database = openTestDatabase();
const defaultAccount = uniqueAccount();
const api = apiUnderTest({
  db,
  defaultAccount,
  keys: { admin: "any account", ingest: "any account" },
  defaultKey: "admin",
});

beforeAll(() => api.start());
afterAll(async () => {
  await api.stop();
  await db.close();
});

/** What ingest keeps, against what a rebuild from the current payments writes over it. */
async function expectEqualToRebuild(account: string): Promise<void> {
  const report = await verifyAccount(db, account, settings);
  expect(report.ringDifferences).toEqual([]);
  const maintained = await ringState(db, account);
  await rebuildRings(db, account, settings);
  expect(maintained).toEqual(await ringState(db, account));
}

interface Sketch {
  id: string;
  created: number;
  email?: string;
  card?: string;
  phone?: string;
  name?: string;
  customer?: string;
  updated?: number;
}

function canonical(sketch: Sketch) {
  return {
    object: "payment",
    id: sketch.id,
    created: sketch.created,
    amount: 1000,
    currency: "usd",
    status: "succeeded",
    ...(sketch.email ? { email: sketch.email } : {}),
    ...(sketch.phone ? { phone: sketch.phone } : {}),
    ...(sketch.card ? { card: { fingerprint: sketch.card, last4: "4242", brand: "visa" } } : {}),
    ...(sketch.name ? { billing: { name: sketch.name, country: "us" } } : {}),
    ...(sketch.customer ? { customer: sketch.customer } : {}),
    ...(sketch.updated !== undefined ? { updated: sketch.updated } : {}),
  };
}

async function send(account: string, ...sketches: Sketch[]): Promise<void> {
  const answer = await api.call("POST", "/v1/payments", {
    key: "ingest",
    account,
    body: { data: sketches.map(canonical) },
  });
  expect(answer.status).toBe(200);
}

async function erase(account: string, body: Record<string, string>): Promise<void> {
  expect((await api.call("POST", "/v1/erasures", { account, body })).status).toBe(200);
}

/** The Radar lists that still name a value (an erased one must be in none). */
async function listsNaming(account: string, value: string): Promise<number> {
  const [row] = await db.read<{ lists: number }>(
    `MATCH (i:Email|Card) WHERE i.account = $account
       AND ($value IN coalesce(i.emailsSeen, []) OR $value IN coalesce(i.cardsSeen, []))
     RETURN count(i) AS lists`,
    { account, value },
  );
  return row?.lists ?? -1;
}

describe("rings and Radar's counts follow payments that change", () => {
  it("when payments change identifiers, gain a customer, are deleted and have identifiers erased, then after each change rings, links, hubs and Radar's counts equal a rebuild from the payments as they are now", async () => {
    const account = uniqueAccount();
    // Two guests tied by card FP_A (a ring); FP_A seen with ann@, bob@, cat@ and three names.
    await send(
      account,
      { id: "ch_1", created: 100, email: "ann@example.com", card: "FP_A", name: "Ann", updated: 1 },
      { id: "ch_2", created: 200, email: "bob@example.com", card: "FP_A", name: "Bob", updated: 1 },
      { id: "ch_3", created: 300, email: "cat@example.com", card: "FP_B", name: "Cat", updated: 1 },
      { id: "ch_4", created: 400, email: "cat@example.com", card: "FP_A", name: "Cat", updated: 1 },
      { id: "ch_5", created: 500, email: "eve@example.com", phone: "+14155550123", updated: 1 },
      { id: "ch_6", created: 600, email: "eve@example.com", card: "FP_B", updated: 1 },
    );
    await expectEqualToRebuild(account);
    const ringsBefore = (await ringState(db, account)).rings;

    // bob@ leaves FP_A: the card was seen with two emails and three names since.
    await send(account, { id: "ch_2", created: 200, email: "bea@example.com", card: "FP_A", updated: 2 });
    await expectEqualToRebuild(account);

    // ch_4 becomes a registered customer's: out of the guest rule, still counted by Radar.
    await send(account, {
      id: "ch_4",
      created: 400,
      email: "cat@example.com",
      card: "FP_A",
      name: "Cat",
      customer: "cus_1",
      updated: 2,
    });
    await expectEqualToRebuild(account);

    expect((await api.call("DELETE", "/v1/payments/ch_6", { account })).status).toBe(200);
    await expectEqualToRebuild(account);

    await erase(account, { email: "ann@example.com" });
    await expectEqualToRebuild(account);
    expect(await listsNaming(account, "ann@example.com")).toBe(0);

    await erase(account, { card_fingerprint: "FP_A" });
    await expectEqualToRebuild(account);
    expect(await listsNaming(account, "FP_A")).toBe(0);
    expect(ringsBefore).toBeGreaterThan(0);
  }, 120_000);
});

describe("Radar's bounded lists", () => {
  it("when a card seen with more emails and names than Radar's bound loses some by a deletion and an erasure, then its lists are filled up again and its counts stay at the bound, as a rebuild counts them", async () => {
    const account = uniqueAccount();
    const sketches = Array.from({ length: 27 }, (_, n) => ({
      id: `ch_${n}`,
      created: 1000 + n,
      email: `buyer${n}@example.com`,
      card: "FP_TEST",
      name: `Buyer ${n}`,
    }));
    await send(account, ...sketches);
    const first = await db.read<{ emails: string[] }>(
      "MATCH (c:Card {account: $account, fingerprint: 'FP_TEST'}) RETURN c.emailsSeen AS emails",
      { account },
    );
    const listed = first[0]?.emails ?? [];
    expect(listed).toHaveLength(25);
    const [gone, erased] = listed.map((email) => email.replace(/^buyer(\d+)@.*$/, "$1"));

    expect((await api.call("DELETE", `/v1/payments/ch_${gone}`, { account })).status).toBe(200);
    await erase(account, { email: `buyer${erased}@example.com` });

    const [card] = await db.read<{ emails: string[]; names: string[] }>(
      "MATCH (c:Card {account: $account, fingerprint: 'FP_TEST'}) RETURN c.emailsSeen AS emails, c.namesSeen AS names",
      { account },
    );
    expect(card?.emails).toHaveLength(25);
    expect(card?.names).toHaveLength(25);
    expect(card?.emails).not.toContain(`buyer${gone}@example.com`);
    expect(card?.emails).not.toContain(`buyer${erased}@example.com`);
    await expectEqualToRebuild(account);
  });
});

describe("guestgraph verify over rings", () => {
  it("when ring data is tampered with, then verify lists each difference", async () => {
    const account = uniqueAccount();
    await send(
      account,
      { id: "ch_1", created: 100, email: "ann@example.com", card: "FP_A" },
      { id: "ch_2", created: 200, email: "bob@example.com", card: "FP_B" },
      { id: "ch_3", created: 300, email: "bob@example.com", card: "FP_A" },
    );
    expect((await verifyAccount(db, account, settings)).ringDifferences).toEqual([]);
    await db.write(
      "MATCH (c:Card {account: $account, fingerprint: 'FP_A'}) SET c.emailsSeen = ['x@example.com']",
      { account },
    );
    await db.write("MATCH (r:Ring) WHERE r.account = $account SET r.score = 99", { account });

    const { ringDifferences } = await verifyAccount(db, account, settings);

    expect(ringDifferences).toEqual(
      expect.arrayContaining([
        { subject: "card FP_A", field: "emailsSeen", stored: 1, expected: 2 },
        expect.objectContaining({ field: "score", stored: 99 }),
      ]),
    );
    expect(ringDifferences).toHaveLength(2);
  });
});

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const emails = ["a@x.io", "b@x.io", "c@x.io", "d@x.io", "e@x.io"] as const;
const cards = ["c1", "c2", "c3", "c4"] as const;
const phones = ["+15555550101", "+15555550102"] as const;
const names = ["Ann", "Bob", "Cy"] as const;

const identity = fc.record({
  emails: fc.subarray([...emails], { minLength: 0, maxLength: 2 }),
  cards: fc.subarray([...cards], { minLength: 0, maxLength: 1 }),
  phones: fc.subarray([...phones], { minLength: 0, maxLength: 1 }),
  billingName: pick(names),
  customer: fc.integer({ min: 0, max: 7 }).map((roll) => (roll === 0 ? "cus_A" : null)),
});

const history = fc
  .uniqueArray(fc.integer({ min: 1, max: 40 }), { minLength: 6, maxLength: 12 })
  .chain((ids) =>
    fc.record({
      payments: fc.tuple(
        ...ids.map((n) =>
          fc.record({
            id: fc.constant(`ch_${n}`),
            created: fc.integer({ min: 1, max: 20 }).map((hours) => 1_700_000_000 + hours * 1800),
            status: pick(["succeeded", "failed"] as const),
            disputed: fc.integer({ min: 0, max: 9 }).map((roll) => roll === 0),
            identity,
          }),
        ),
      ),
      changes: fc.array(
        fc.oneof(
          fc.record({ kind: fc.constant("update" as const), target: fc.nat(), identity }),
          fc.record({ kind: fc.constant("delete" as const), target: fc.nat() }),
          fc.record({ kind: fc.constant("erase-email" as const), value: pick(emails) }),
          fc.record({ kind: fc.constant("erase-card" as const), value: pick(cards) }),
          fc.record({ kind: fc.constant("erase-phone" as const), value: pick(phones) }),
        ),
        { minLength: 1, maxLength: 6 },
      ),
    }),
  );

type History = typeof history extends fc.Arbitrary<infer H> ? H : never;
type GeneratedPayment = History["payments"][number];

function sketchOf(
  payment: GeneratedPayment,
  identityNow: GeneratedPayment["identity"],
  version: number,
): PaymentSketch {
  return {
    id: payment.id,
    created: payment.created,
    status: payment.status,
    disputed: payment.disputed,
    emails: identityNow.emails,
    cards: identityNow.cards,
    phones: identityNow.phones,
    billingName: identityNow.billingName,
    customer: identityNow.customer,
    version,
  };
}

/** Histories whose rings a change actually touched, so a generator change cannot compare empty accounts. */
let ringsSeen = 0;
/** Erasures that found the value on a payment (their guests_retired says something). */
let erasuresTouching = 0;

describe("rings and Radar's counts after any mix of changes", () => {
  it("when random histories get identifier updates, customers, deletions and erasures, then rings, links, hubs and Radar's counts equal a rebuild from the payments as they are now, and no erasure retires a guest", async () => {
    await fc.assert(
      fc.asyncProperty(history, async ({ payments, changes }) => {
        const account = uniqueAccount();
        for (let start = 0; start < payments.length; start += 4) {
          await ingestPayments(
            db,
            account,
            payments
              .slice(start, start + 4)
              .map((payment) => paymentFrom(account, sketchOf(payment, payment.identity, 1))),
          );
        }
        ringsSeen += (await ringState(db, account)).rings;
        let version = 2;
        for (const change of changes) {
          if (change.kind === "update" || change.kind === "delete") {
            const payment = payments[change.target % payments.length] as (typeof payments)[number];
            if (change.kind === "update") {
              await ingestPayments(db, account, [
                paymentFrom(account, sketchOf(payment, change.identity, version++)),
              ]);
            } else {
              await deletePayment(db, account, payment.id);
            }
          } else {
            const kind =
              change.kind === "erase-email" ? "email" : change.kind === "erase-card" ? "card" : "phone";
            const erasure = await eraseIdentifier(db, account, {
              type: kind === "card" ? "card_fingerprint" : kind,
              spellings: [{ kind, value: change.value }],
              requestedBy: "test",
            });
            // README: an erasure only takes identifiers away, so every guest keeps its founding payment.
            expect(erasure.guestsRetired).toBe(0);
            erasuresTouching += erasure.paymentsTouched > 0 ? 1 : 0;
          }
        }
        await expectEqualToRebuild(account);
      }),
      { numRuns: 40 },
    );

    expect(ringsSeen).toBeGreaterThan(0);
    expect(erasuresTouching).toBeGreaterThan(0);
  }, 600_000);
});
