import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import { coalescingStats, ingestCoalesced } from "../../src/ingest/coalesced-ingest.ts";
import { apiUnderTest } from "../support/api-harness.ts";
import { freePort } from "../support/free-port.ts";
import { storedAssignments } from "../support/guest-graph.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type PaymentSketch, paymentFrom, referenceIdentifiers } from "../support/payment-factory.ts";
import { referenceFounders } from "../support/reference-model.ts";
import { type ServiceProcess, startServiceProcess } from "../support/service-process.ts";

/**
 * Single-payment requests of one account that arrive together are merged into shared transactions
 * (WriteCoalescer). Whatever the merging, the graph must equal one chronological pass over the same
 * payments, in one process or in two processes writing to the same Neo4j.
 */

const db = openTestDatabase();
afterAll(() => db.close());

const sketchArbitrary = (maxCreated: number) =>
  fc.record({
    created: fc.integer({ min: 1, max: maxCreated }),
    emails: fc.subarray(["e0", "e1", "e2"], { maxLength: 2 }),
    phones: fc.subarray(["p0", "p1"], { maxLength: 1 }),
    cards: fc.subarray(["c0", "c1"], { maxLength: 1 }),
    customer: fc.option(fc.constant("cus_A"), { freq: 8, nil: null }),
    amount: fc.integer({ min: 50, max: 5000 }),
  });

/** Distinct payments in a random arrival order. */
const historyArbitrary = (minPayments: number, maxPayments: number) =>
  fc
    .uniqueArray(fc.stringMatching(/^[a-z0-9]{1,6}$/), { minLength: minPayments, maxLength: maxPayments })
    .chain((ids) =>
      fc.shuffledSubarray(
        ids.map((id, index) => ({ id, index })),
        { minLength: ids.length, maxLength: ids.length },
      ),
    )
    .chain((ordered) =>
      fc
        .tuple(...ordered.map(() => sketchArbitrary(ordered.length * 2)))
        .map((drafts) =>
          drafts.map((draft, index): PaymentSketch => ({ ...draft, id: `ch_${ordered[index]?.id}` })),
        ),
    );

async function expectGraphEqualsReference(account: string, sketches: PaymentSketch[]): Promise<void> {
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
    const guest = founder ? guestIdFor(account, founder) : null;
    expect(stored.get(sketch.id), `payment ${sketch.id}`).toEqual({
      guest,
      guestEdges: guest ? 1 : 0,
      edgeGuest: guest,
    });
  }
  // Summaries move by deltas inside each merged transaction: each guest's count must equal its payments.
  const counts = await db.read<{ id: string; stored: number; held: number }>(
    `MATCH (g:Guest) WHERE g.account = $account
     RETURN g.id AS id, g.paymentCount AS stored, COUNT { (g)<-[:BELONGS_TO]-(:Payment) } AS held`,
    { account },
  );
  for (const { id, stored: count, held } of counts) expect(count, `payment count of ${id}`).toBe(held);
}

/** A canonical payment as an API consumer sends it, carrying the sketch's identifiers. */
function canonicalPayment(sketch: PaymentSketch) {
  return {
    object: "payment",
    id: sketch.id,
    created: 1_700_000_000 + (sketch.created ?? 0),
    amount: sketch.amount ?? 1000,
    currency: "usd",
    status: "succeeded",
    ...(sketch.customer ? { customer: sketch.customer } : {}),
    ...(sketch.emails?.length ? { emails: sketch.emails.map((email) => `${email}@example.com`) } : {}),
    ...(sketch.phones?.[0] ? { phone: sketch.phones[0] === "p0" ? "+16502530000" : "+16502530001" } : {}),
    ...(sketch.cards?.[0]
      ? { card: { fingerprint: `fp_${sketch.cards[0]}`, brand: "visa", last4: "4242" } }
      : {}),
  };
}

/** The sketch as the canonical payment is stored: created shifted, identifiers normalised as the API does. */
function asStored(sketch: PaymentSketch): PaymentSketch {
  return {
    ...sketch,
    created: 1_700_000_000 + sketch.created,
    emails: sketch.emails?.map((email) => `${email}@example.com`),
    phones: sketch.phones?.slice(0, 1).map((phone) => (phone === "p0" ? "+16502530000" : "+16502530001")),
    cards: sketch.cards?.slice(0, 1).map((card) => `fp_${card}`),
  };
}

describe("coalesced single-payment writes", () => {
  it("when every payment of a history is sent as its own request, all at once, then the graph equals one chronological pass", async () => {
    const before = coalescingStats(db);
    await fc.assert(
      fc.asyncProperty(historyArbitrary(8, 40), async (sketches) => {
        const account = uniqueAccount();
        const results = await Promise.all(
          sketches.map((sketch) => ingestCoalesced(db, account, [paymentFrom(account, sketch)])),
        );
        expect(results.map(([result]) => result?.result)).toEqual(sketches.map(() => "created"));
        await expectGraphEqualsReference(account, sketches);
      }),
      { numRuns: 60 },
    );
    const after = coalescingStats(db);
    // The point of it: far fewer transactions than requests.
    expect(after.submissions - before.submissions).toBeGreaterThan(
      2 * (after.transactions - before.transactions),
    );
  }, 600_000);

  it("when the same payment is sent by several requests at once, then it is created once and the others find it unchanged", async () => {
    const account = uniqueAccount();
    const sketch: PaymentSketch = { id: "ch_same", created: 5, emails: ["e0"] };
    const others: PaymentSketch[] = Array.from({ length: 10 }, (_, i) => ({
      id: `ch_o${i}`,
      created: i,
      emails: ["e0"],
    }));

    const results = await Promise.all(
      [sketch, ...others, sketch, sketch].map((s) => ingestCoalesced(db, account, [paymentFrom(account, s)])),
    );

    const outcomes = results.map(([result]) => result?.result);
    expect(outcomes.filter((outcome) => outcome === "created")).toHaveLength(11);
    expect(outcomes.slice(-2)).toEqual(["unchanged", "unchanged"]);
    await expectGraphEqualsReference(account, [sketch, ...others]);
  });
});

describe("coalesced requests through the API", () => {
  const account = uniqueAccount();
  const api = apiUnderTest({
    db: openTestDatabase(),
    defaultAccount: account,
    keys: { ingest: "any account" },
    defaultKey: "ingest",
  });
  beforeAll(() => api.start());
  afterAll(() => api.stop());

  it("when 64 clients each POST single payments to one account, then every one is answered 200 and the graph equals a serial pass", async () => {
    const sketches = fc.sample(historyArbitrary(192, 192), { numRuns: 1, seed: 42 })[0] as PaymentSketch[];
    const queue = [...sketches];

    const answers: number[] = [];
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const answer = await api.call("POST", "/v1/payments", {
            body: canonicalPayment(next),
            idempotencyKey: `idem_${next.id}`,
          });
          answers.push(answer.status);
        }
      }),
    );

    expect(answers).toEqual(sketches.map(() => 200));
    await expectGraphEqualsReference(account, sketches.map(asStored));
  }, 300_000);
});

describe("two API processes on one Neo4j", () => {
  const account = uniqueAccount();
  const key = `sk_two_${randomBytes(8).toString("hex")}`;
  const services: { process: ServiceProcess; base: string }[] = [];

  beforeAll(async () => {
    const neo4j = inject("neo4j");
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const process = startServiceProcess({
        NEO4J_URI: neo4j.uri,
        NEO4J_USERNAME: neo4j.username,
        NEO4J_PASSWORD: neo4j.password,
        NEO4J_DATABASE: neo4j.database,
        GUESTGRAPH_API_KEYS: `${key}:ingest`,
        GUESTGRAPH_DEFAULT_ACCOUNT: account,
        PORT: String(port),
      });
      services.push({ process, base: `http://127.0.0.1:${port}` });
    }
    await Promise.all(services.map(({ process }) => process.waitForLog(/GuestGraph is ready/, 120_000)));
  }, 180_000);

  afterAll(async () => {
    for (const { process } of services) process.child.kill("SIGTERM");
    await Promise.all(services.map(({ process }) => process.exited));
  }, 60_000);

  it("when both ingest single payments into the same account concurrently, then the account ends exactly as one serial pass", async () => {
    const sketches = fc.sample(historyArbitrary(120, 120), { numRuns: 1, seed: 7 })[0] as PaymentSketch[];

    const statuses = await Promise.all(
      sketches.map(async (sketch, index) => {
        const { base } = services[index % 2] as { base: string };
        const response = await fetch(`${base}/v1/payments`, {
          method: "POST",
          headers: {
            authorization: `Bearer ${key}`,
            "content-type": "application/json",
            "idempotency-key": `idem_${sketch.id}`,
          },
          body: JSON.stringify(canonicalPayment(sketch)),
        });
        await response.text();
        return response.status;
      }),
    );

    expect(statuses).toEqual(sketches.map(() => 200));
    await expectGraphEqualsReference(account, sketches.map(asStored));
  }, 300_000);
});
