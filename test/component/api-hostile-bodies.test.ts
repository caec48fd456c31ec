import { randomBytes } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/graph/database.ts";
import { apiUnderTest, errorOf, randomKey } from "../support/api-harness.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * Request bodies a hostile or careless client sends to POST /v1/payments (issue 7, findings 1, 4 and 12),
 * through real HTTP and Neo4j: each is answered with a 4xx naming the field, nothing is written, and no
 * body — 10 MB of any shape — holds up the event loop that every other request (and /healthz) needs.
 */

const db: Database = openTestDatabase();
const account = uniqueAccount();
const api = apiUnderTest({
  db,
  defaultAccount: account,
  keys: { admin: "any account", reader: "any account", ingest: "any account" },
  defaultKey: "ingest",
});

beforeAll(() => api.start());
afterAll(async () => {
  await api.stop();
  await db.close();
});

const tenMegabytes = 10 * 1024 * 1024;

function canonical(overrides: Record<string, unknown> = {}) {
  const id = `order_${randomBytes(5).toString("hex")}`;
  return {
    object: "payment",
    id,
    created: 1_700_000_000,
    amount: 1500,
    currency: "usd",
    status: "succeeded",
    ...overrides,
  };
}

async function paymentCount(): Promise<number> {
  const [row] = await db.read<{ n: number }>("MATCH (p:Payment {account: $account}) RETURN count(p) AS n", {
    account,
  });
  return row?.n ?? 0;
}

describe("deep nesting (finding 4)", () => {
  const deep = `{"data":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;

  it("when a batch nests 10,000 levels deep, then 400 naming data and nothing is written", async () => {
    const before = await paymentCount();

    const answer = await api.call("POST", "/v1/payments", { rawBody: deep });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ type: "invalid_request_error", param: "data" });
    expect(await paymentCount()).toBe(before);
  });

  it("when it comes with an Idempotency-Key, then still 400 (never a 500 from hashing it), and the key is free afterwards", async () => {
    const idempotencyKey = randomKey("idem");

    const nested = await api.call("POST", "/v1/payments", { rawBody: deep, idempotencyKey });
    const corrected = await api.call("POST", "/v1/payments", { body: canonical(), idempotencyKey });

    expect(nested.status).toBe(400);
    expect(corrected.status).toBe(200);
  });

  it("when a reader key sends it with an Idempotency-Key, then 400 for the body or 403 for the role, never a 500", async () => {
    const answer = await api.call("POST", "/v1/payments", {
      key: "reader",
      rawBody: deep,
      idempotencyKey: randomKey("idem"),
    });

    expect([400, 403]).toContain(answer.status);
  });

  it("when a canonical payment's metadata nests deeper than the limit, then 400 naming metadata", async () => {
    const answer = await api.call("POST", "/v1/payments", {
      rawBody: JSON.stringify(canonical()).replace(/}$/, `,"metadata":${"[".repeat(40)}${"]".repeat(40)}}`),
    });

    expect(answer.status).toBe(400);
    expect(errorOf(answer).param).toBe("metadata");
  });
});

describe("silent drops (finding 12)", () => {
  it.each([
    ["a __proto__ key in metadata", "metadata.__proto__", '"metadata":{"__proto__":{"role":"admin"}}'],
    ["a constructor key in metadata", "metadata.constructor", '"metadata":{"constructor":"x"}'],
    ["a __proto__ key on the payment itself", "__proto__", '"__proto__":{"amount":0}'],
    ["a constructor key on the card", "card.constructor", '"card":{"constructor":"x","last4":"4242"}'],
    ["a NUL character in the description", "description", '"description":"Ann\\u0000Smith"'],
    ["a NUL character in a metadata value", "metadata.note", '"metadata":{"note":"a\\u0000"}'],
    ["a lone surrogate in the billing name", "billing.name", '"billing":{"name":"Ann \\ud800"}'],
    ["a lone surrogate in an email", "email", '"email":"\\udc00ann@example.com"'],
  ])(
    "when a canonical payment carries %s, then 400 naming %s and nothing is written",
    async (_what, param, field) => {
      const sent = canonical();
      const rawBody = JSON.stringify(sent).replace(/}$/, `,${field}}`);

      const answer = await api.call("POST", "/v1/payments", { rawBody });

      expect(answer.status).toBe(400);
      expect(errorOf(answer)).toMatchObject({ type: "invalid_request_error", param });
      const stored = await db.read("MATCH (p:Payment {account: $account, id: $id}) RETURN p", {
        account,
        id: sent.id,
      });
      expect(stored).toHaveLength(0);
    },
  );
});

/** CPU time of this thread (the event loop's), in ms. */
const loopCpuMs = () => {
  const { user, system } = process.threadCpuUsage();
  return (user + system) / 1000;
};

/**
 * Watches the event loop while `request` runs: every 10 ms /healthz is asked (a request of its own, which
 * waits for the loop like any tenant's); monitorEventLoopDelay measures the loop's delay; and a 5 ms
 * interval reads the loop thread's CPU time, so that the longest stretch the loop was held is known in
 * CPU time too. The machine is shared (other processes compete for its 2 cores), so wall-clock delays
 * also hold the time this process waited for a core: `contention` (wall time over CPU time of the
 * request, at least 1) says how much, and is 1 on a quiet machine.
 */
async function whileWatchingTheEventLoop(request: () => Promise<{ status: number }>) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  const healthTimes: number[] = [];
  let longestTurnCpuMs = 0;
  let lastTurnCpu = loopCpuMs();
  const turns = setInterval(() => {
    const now = loopCpuMs();
    longestTurnCpuMs = Math.max(longestTurnCpuMs, now - lastTurnCpu);
    lastTurnCpu = now;
  }, 5);
  let done = false;
  const probe = (async () => {
    while (!done) {
      const started = performance.now();
      const health = await api.call("GET", "/healthz", { key: null });
      expect(health.status).toBe(200);
      healthTimes.push(performance.now() - started);
      await new Promise((resume) => setTimeout(resume, 10));
    }
  })();
  delay.enable();
  const started = performance.now();
  const cpuBefore = loopCpuMs();
  const answer = await request();
  const cpuMs = loopCpuMs() - cpuBefore;
  const took = performance.now() - started;
  done = true;
  await probe;
  clearInterval(turns);
  delay.disable();
  return {
    answer,
    took,
    cpuMs,
    contention: Math.max(1, took / Math.max(cpuMs, 1)),
    longestTurnCpuMs,
    maxLoopDelayMs: delay.max / 1e6,
    slowestHealthMs: Math.max(...healthTimes),
  };
}

describe("10 MB bodies of any shape (finding 1)", () => {
  /** `text` padded to just under 10 MB with spaces inside the top-level object, which JSON ignores. */
  const tenMegabytesOf = (text: string) => {
    const room = tenMegabytes - 64;
    if (text.length > room) throw new Error(`the shape is ${text.length} bytes, over 10 MB`);
    return text.replace(/}$/, `${" ".repeat(room - text.length)}}`);
  };
  const shapes: [string, () => string][] = [
    [
      "a canonical payment whose description is 10 MB of x",
      () => JSON.stringify(canonical({ description: "x".repeat(tenMegabytes - 200) })),
    ],
    [
      "a batch of 1,000 payments with 9.9 KB descriptions, none valid",
      () =>
        tenMegabytesOf(
          JSON.stringify({
            data: Array.from({ length: 1_000 }, () => ({
              ...canonical({ description: "y".repeat(9_900) }),
              amount: -1,
            })),
          }),
        ),
    ],
    [
      "10 MB of nesting",
      () => `{"data":${"[".repeat(tenMegabytes / 2 - 8)}${"]".repeat(tenMegabytes / 2 - 8)}}`,
    ],
    ["3.5 million empty objects", () => `{"data":[${"{},".repeat(tenMegabytes / 3 - 8)}{}]}`],
    ["5 million numbers", () => `{"data":[${"1,".repeat(tenMegabytes / 2 - 8)}1]}`],
    [
      "metadata with 700,000 keys",
      () =>
        `{"object":"payment","metadata":{${Array.from({ length: 700_000 }, (_, i) => `"k${i}":"v"`).join(",")}}}`,
    ],
    [
      "a Stripe charge with 10 MB of escapes in an unknown field",
      () => `{"object":"charge","x":"${'\\"'.repeat(tenMegabytes / 2 - 32)}"}`,
    ],
    [
      "a batch of 1,000 payments, each with 490 empty lists and 8.8 KB of text",
      () =>
        tenMegabytesOf(
          `{"data":[${Array.from({ length: 1_000 }, () => `{"pad":"${"z".repeat(8_800)}","l":[${"[],".repeat(489)}[]]}`).join(",")}]}`,
        ),
    ],
  ];

  it.each(shapes)(
    "when %s is sent, then it is answered in under 1 s, nothing is written and /healthz stays under 100 ms",
    // A timing test on a shared 2-core machine: a garbage collection or a burst of other processes can land in
    // one run, so a case gets two more tries before it counts as failed.
    { retry: 2 },
    async (_shape, make) => {
      const rawBody = Buffer.from(make());
      expect(rawBody.length).toBeGreaterThan(tenMegabytes * 0.9);
      expect(rawBody.length).toBeLessThanOrEqual(tenMegabytes);
      const before = await paymentCount();

      const watched = await whileWatchingTheEventLoop(() =>
        api.call("POST", "/v1/payments", { rawBody, idempotencyKey: randomKey("idem") }),
      );

      // Refused as a whole (4xx), or a batch whose every payment is refused (200 with each error).
      expect(watched.answer.status).toBeLessThan(500);
      // Answered in under 1 s of the loop's time, and no turn of the loop held for 100 ms (CPU time:
      // what the code under test does, whatever else the machine runs).
      expect(watched.cpuMs).toBeLessThan(1_000);
      expect(watched.longestTurnCpuMs).toBeLessThan(100);
      // The same in wall-clock time (monitorEventLoopDelay, /healthz answers), but for the waits for a core.
      expect(watched.took).toBeLessThan(1_000 * watched.contention);
      expect(watched.maxLoopDelayMs).toBeLessThan(100 * watched.contention);
      expect(watched.slowestHealthMs).toBeLessThan(100 * watched.contention);
      expect(await paymentCount()).toBe(before);
    },
  );
});

describe("NUL characters in the URL (finding 12)", () => {
  it("when a query parameter holds a NUL character, then 400 naming it", async () => {
    const answer = await api.get("/v1/guests?email=ann%00@example.com", { key: "reader" });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "parameter_invalid", param: "email" });
  });

  it("when a path segment holds a NUL character, then 400 naming it", async () => {
    const answer = await api.get("/v1/payments/ch_1%00x", { key: "reader" });

    expect(answer.status).toBe(400);
    expect(errorOf(answer)).toMatchObject({ code: "parameter_invalid", param: "id" });
  });

  it("when a path segment is not UTF-8 once decoded (a lone surrogate), then 400, never a 500", async () => {
    const answer = await api.get("/v1/payments/ch_%ED%A0%80", { key: "reader" });

    expect(answer.status).toBe(400);
  });
});
