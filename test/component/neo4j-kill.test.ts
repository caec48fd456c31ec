import { readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guestIdFor } from "../../src/domain/resolution-keys.ts";
import { Database } from "../../src/graph/database.ts";
import { type RunningNeo4j, startLocalNeo4j } from "../../src/graph/local-neo4j/local-neo4j.ts";
import { verifyAccount } from "../../src/ingest/verify-account.ts";
import { randomKey } from "../support/api-harness.ts";
import { freePort } from "../support/free-port.ts";
import { uniqueAccount } from "../support/neo4j.ts";
import { referenceFounders } from "../support/reference-model.ts";
import { postUntilAnswered } from "../support/retrying-client.ts";
import { type ServiceProcess, startServiceProcess } from "../support/service-process.ts";

/**
 * Neo4j killed mid-ingest. A Neo4j of this test's own (never the run's shared one) serves `npm start` in
 * its own process; four retrying clients send shuffled, overlapping payment batches and a fifth sends
 * Stripe webhook events (signed charge.succeeded, redelivered until acknowledged); the JVM is SIGKILLed
 * while they are in flight and restarted on the same store. During the outage requests and /readyz answer
 * 503 within a second; the service lives through it and reconnects by itself; at the end the account
 * equals the reference model exactly: every payment once, each in its reference guest, summaries exact.
 */

const home = resolve(process.env.GUESTGRAPH_DATA_DIR ?? ".data", `neo4j-kill-${process.pid}`);
const password = "kill-test-password-1";
const account = uniqueAccount();
const key = randomKey("admin");
const webhookSecret = `whsec_${randomKey("kill")}`;
let boltPort: number;
let httpPort: number;
let neo4j: RunningNeo4j | undefined;
let service: ServiceProcess | undefined;
let base: string;

async function startNeo4j(): Promise<RunningNeo4j> {
  return startLocalNeo4j({ home, boltPort, httpPort, heap: "512m", initialPassword: password });
}

beforeAll(async () => {
  await rm(home, { recursive: true, force: true });
  boltPort = await freePort();
  httpPort = await freePort();
  neo4j = await startNeo4j();
  const apiPort = await freePort();
  base = `http://127.0.0.1:${apiPort}`;
  service = startServiceProcess({
    NEO4J_URI: neo4j.uri,
    NEO4J_PASSWORD: password,
    GUESTGRAPH_API_KEYS: `${key}:admin`,
    GUESTGRAPH_DEFAULT_ACCOUNT: account,
    STRIPE_WEBHOOK_SECRET: webhookSecret,
    PORT: String(apiPort),
  });
  await service.waitForLog(/GuestGraph is ready/, 60_000);
}, 180_000);

afterAll(async () => {
  service?.child.kill("SIGKILL");
  await neo4j?.stop();
  await rm(home, { recursive: true, force: true });
}, 60_000);

interface Sketch {
  id: string;
  created: number;
  amount: number;
  email: string | null;
  card: string | null;
}

/** 240 payments over 30 emails and 20 cards, created in a shuffled order so that late arrivals move guests. */
function workload(): Sketch[] {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: 240 }, (_, i) => ({
    id: `kill-${i}`,
    created: 1_700_000_000 + Math.floor(random() * 100_000),
    amount: 100 + i,
    email: random() < 0.8 ? `buyer${Math.floor(random() * 30)}@example.com` : null,
    card: random() < 0.7 ? `fpKill${Math.floor(random() * 20)}` : null,
  }));
}

function canonical(sketch: Sketch) {
  return {
    object: "payment",
    id: sketch.id,
    created: sketch.created,
    amount: sketch.amount,
    currency: "usd",
    status: "succeeded",
    ...(sketch.email ? { email: sketch.email } : {}),
    ...(sketch.card ? { card: { fingerprint: sketch.card, brand: "visa", last4: "4242" } } : {}),
  };
}

const fixtureCharge = JSON.parse(readFileSync("test/fixtures/stripe/charge-guest-succeeded.json", "utf8"));

/** A signed Stripe event delivering the payment as a Charge: its only identifiers are the sketch's email and card. */
function webhookDelivery(sketch: Sketch, n: number): { payload: string; signature: string } {
  const charge = {
    ...fixtureCharge,
    id: sketch.id,
    created: sketch.created,
    amount: sketch.amount,
    amount_captured: sketch.amount,
    currency: "usd",
    livemode: true,
    description: null,
    receipt_email: null,
    customer: null,
    billing_details: { ...fixtureCharge.billing_details, email: sketch.email, phone: null, name: null },
    payment_method_details: {
      ...fixtureCharge.payment_method_details,
      card: { ...fixtureCharge.payment_method_details.card, fingerprint: sketch.card },
    },
  };
  const payload = JSON.stringify({
    id: `evt_kill${n}`,
    object: "event",
    api_version: "2024-06-20",
    created: sketch.created,
    livemode: true,
    pending_webhooks: 1,
    type: "charge.succeeded",
    data: { object: charge },
  });
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret: webhookSecret }) };
}

/** As Stripe delivers: the same event again until it is answered 2xx. */
async function deliverUntilAcknowledged(sketch: Sketch, n: number): Promise<void> {
  const { payload, signature } = webhookDelivery(sketch, n);
  for (let attempt = 0; attempt < 600; attempt++) {
    const answered = await fetch(`${base}/v1/webhooks/stripe`, {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": signature },
      body: payload,
      signal: AbortSignal.timeout(60_000),
    }).then(
      (response) => response.status,
      () => 0,
    );
    if (answered >= 200 && answered < 300) return;
    if (answered >= 400 && answered < 500) throw new Error(`webhook ${n} refused with ${answered}`);
    await sleep(500);
  }
  throw new Error(`webhook ${n} never acknowledged`);
}

async function timedGet(path: string, withKey: boolean) {
  const started = performance.now();
  const response = await fetch(`${base}${path}`, {
    headers: withKey ? { authorization: `Bearer ${key}` } : {},
    signal: AbortSignal.timeout(5000),
  });
  await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get("retry-after"),
    ms: performance.now() - started,
  };
}

describe("Neo4j killed mid-ingest", () => {
  it("when the JVM is SIGKILLed while batches are in flight and restarted on the same store, then the outage answers 503 at once, the service reconnects by itself, and retrying clients end equal to the reference model", async () => {
    const sketches = workload();
    // The last 40 come as webhook events (each with an email and a card), the rest in API batches.
    const viaWebhooks = sketches.slice(-40).map((sketch, i) => ({
      ...sketch,
      email: sketch.email ?? `buyer${i % 30}@example.com`,
      card: sketch.card ?? `fpKill${i % 20}`,
    }));
    sketches.splice(-40, 40, ...viaWebhooks);
    const viaApi = sketches.slice(0, -40);
    const batches: Sketch[][] = [];
    for (let i = 0; i < viaApi.length; i += 15) batches.push(viaApi.slice(i, i + 15));
    let answered = 0;
    const clients = Array.from({ length: 4 }, async (_, client) => {
      for (let b = client; b < batches.length; b += 4) {
        const batch = batches[b] as Sketch[];
        await postUntilAnswered(`${base}/v1/payments`, {
          key,
          idempotencyKey: `kill-batch-${b}`,
          body: { data: batch.map(canonical) },
          giveUpAfterMs: 500_000,
        });
        answered++;
      }
    });
    const webhooks = (async () => {
      for (const [n, sketch] of viaWebhooks.entries()) await deliverUntilAcknowledged(sketch, n);
    })();

    // Kill Neo4j once a few batches have landed, with the others in flight.
    while (answered < 3) await sleep(20);
    process.kill(neo4j?.pid ?? 0, "SIGKILL");
    await sleep(300);
    const duringOutage = [
      await timedGet("/v1/guests?limit=3", true),
      await timedGet("/readyz", false),
      await timedGet("/v1/payments/kill-0", true),
    ];
    const answeredDuringOutage = answered;
    await sleep(1000);
    neo4j = await startNeo4j();
    await Promise.all([...clients, webhooks]);
    let ready = await timedGet("/readyz", false);
    for (let i = 0; i < 50 && ready.status !== 200; i++) {
      await sleep(200);
      ready = await timedGet("/readyz", false);
    }

    // During the outage: 503 with Retry-After, within a second; the service never exited.
    for (const answer of duringOutage) {
      expect(answer.status).toBe(503);
      expect(answer.retryAfter).toBe("1");
      expect(answer.ms).toBeLessThan(1000);
    }
    expect(answeredDuringOutage).toBeLessThan(batches.length);
    expect(service?.child.exitCode).toBeNull();
    expect(ready.status).toBe(200);
    const messages = service?.records().map((record) => record.msg) ?? [];
    expect(messages).toContain("Neo4j stopped answering: requests get 503 with Retry-After until it is back");
    expect(messages).toContain("Neo4j answers again: serving");

    // The account equals the reference model.
    const db = new Database({ uri: neo4j.uri, username: "neo4j", password, database: "neo4j" });
    try {
      const stored = await db.read<{ id: string; guest: string; amount: number }>(
        "MATCH (p:Payment) WHERE p.account = $account RETURN p.id AS id, p.guest AS guest, p.amount AS amount",
        { account },
      );
      const founders = referenceFounders(
        sketches.map((sketch) => ({
          id: sketch.id,
          created: sketch.created,
          customer: null,
          identifiers: [
            ...(sketch.email ? [`email:${sketch.email}`] : []),
            ...(sketch.card ? [`card:${sketch.card}`] : []),
          ],
        })),
      );
      expect(stored.map((row) => row.id).sort()).toEqual(sketches.map((sketch) => sketch.id).sort());
      for (const row of stored) {
        expect(row.guest, `guest of ${row.id}`).toBe(guestIdFor(account, founders.get(row.id) as string));
      }

      const expectedGuests = new Map<
        string,
        { paymentCount: number; first: number; last: number; spent: number }
      >();
      for (const sketch of sketches) {
        const guest = guestIdFor(account, founders.get(sketch.id) as string);
        const entry = expectedGuests.get(guest) ?? {
          paymentCount: 0,
          first: Infinity,
          last: -Infinity,
          spent: 0,
        };
        entry.paymentCount++;
        entry.first = Math.min(entry.first, sketch.created);
        entry.last = Math.max(entry.last, sketch.created);
        entry.spent += sketch.amount;
        expectedGuests.set(guest, entry);
      }
      const guests = await db.read<{
        id: string;
        paymentCount: number;
        first: number;
        last: number;
        totals: string;
      }>(
        `MATCH (g:Guest) WHERE g.account = $account AND NOT coalesce(g.retired, false)
         RETURN g.id AS id, g.paymentCount AS paymentCount, g.firstPaymentAt AS first, g.lastPaymentAt AS last, g.totals AS totals`,
        { account },
      );
      expect(
        new Map(
          guests.map((guest) => [
            guest.id,
            {
              paymentCount: guest.paymentCount,
              first: guest.first,
              last: guest.last,
              spent: JSON.parse(guest.totals).usd.spent,
            },
          ]),
        ),
      ).toEqual(expectedGuests);
      const report = await verifyAccount(db, account);
      expect(report.differences).toEqual([]);
      expect(report.localViolations).toBe(0);
    } finally {
      await db.close();
    }

    // And it still stops cleanly.
    service?.child.kill("SIGTERM");
    expect((await service?.exited)?.code).toBe(0);
  }, 600_000);
});
