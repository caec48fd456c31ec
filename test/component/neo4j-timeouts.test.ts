import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { Neo4jUnavailableError } from "../../src/graph/availability.ts";
import { cypher } from "../../src/graph/cypher.ts";
import { Database } from "../../src/graph/database.ts";
import { type Answer, apiUnderTest, errorOf } from "../support/api-harness.ts";
import { freePort } from "../support/free-port.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";

/**
 * A slow or absent Neo4j never makes a request hang: every transaction has a server-side timeout (a stuck
 * one answers 503 query_timeout), and a Neo4j that does not answer gives 503 neo4j_unavailable at once.
 * (Killing and restarting a real server mid-ingest is neo4j-kill.test.ts.)
 */

const db = openTestDatabase();
const slowDb = new Database(inject("neo4j"), { queryTimeoutMs: 1000 });
let absentDb: Database;
const account = uniqueAccount();
const slowApi = apiUnderTest({
  db: slowDb,
  defaultAccount: account,
  keys: { admin: "any account" },
  defaultKey: "admin",
});
let absentApi: ReturnType<typeof apiUnderTest>;

const payment = {
  object: "payment",
  id: "timeout-1",
  created: 1_700_000_000,
  amount: 500,
  currency: "eur",
  status: "succeeded",
  email: "slow@example.com",
};

beforeAll(async () => {
  const connection = inject("neo4j");
  absentDb = new Database({ ...connection, uri: `bolt://127.0.0.1:${await freePort()}` });
  absentApi = apiUnderTest({
    db: absentDb,
    defaultAccount: account,
    keys: { admin: "any account" },
    defaultKey: "admin",
  });
  await slowApi.start();
  await absentApi.start();
});

afterAll(async () => {
  await slowApi.stop();
  await absentApi.stop();
  await db.write("MATCH (n) WHERE n.account = $account OR n.id = $account DETACH DELETE n", { account });
  await Promise.all([db.close(), slowDb.close(), absentDb.close()]);
});

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe("transaction timeouts", () => {
  it("when a read runs past the query timeout, then Neo4j stops it and the caller gets a timeout error", async () => {
    const { result, ms } = await timed(() =>
      slowDb.read("UNWIND range(1, 2000000000) AS n WITH n WHERE n = -1 RETURN count(n) AS never").then(
        () => null,
        (error: unknown) => error,
      ),
    );

    expect(result).toBeInstanceOf(Neo4jUnavailableError);
    expect((result as Neo4jUnavailableError).reason).toBe("timeout");
    expect(ms).toBeLessThan(6000);
  });

  it("when a payment waits on its account's lock past the timeout, then it answers 503 query_timeout with Retry-After, wrote nothing, and the retry succeeds", async () => {
    const session = db.driver.session({ database: db.name });
    const holder = await session.beginTransaction();
    await holder.run(cypher("resolution/lock-account"), { account });
    let stuck: Awaited<ReturnType<typeof slowApi.call>>;
    let ms: number;
    try {
      ({ result: stuck, ms } = await timed(() => slowApi.call("POST", "/v1/payments", { body: payment })));
    } finally {
      await holder.rollback();
      await session.close();
    }
    const before = await db.read("MATCH (p:Payment {account: $account}) RETURN count(p) AS n", { account });
    const retried = await slowApi.call("POST", "/v1/payments", { body: payment });

    expect(stuck.status).toBe(503);
    expect(errorOf(stuck)).toMatchObject({ type: "api_error", code: "query_timeout" });
    expect(stuck.headers.get("retry-after")).toBe("1");
    expect(ms).toBeLessThan(6000);
    expect(before[0]?.n).toBe(0);
    expect(retried.status).toBe(200);
    expect(retried.json.result).toBe("created");
  });
});

describe("Neo4j not there", () => {
  it("when nothing answers on Neo4j's port, then reads, writes and /readyz answer 503 within a second, and /healthz stays up", async () => {
    const calls = [
      () => absentApi.get("/v1/guests"),
      () => absentApi.call("POST", "/v1/payments", { body: payment, idempotencyKey: "absent-1" }),
      () => absentApi.get("/v1/guests/gst_nothing"),
      () => absentApi.get("/readyz", { key: null }),
    ];
    const answers = [];
    for (const call of calls) answers.push(await timed(call));
    const health = await absentApi.get("/healthz", { key: null });

    for (const { result, ms } of answers) {
      expect(result.status).toBe(503);
      expect(result.headers.get("retry-after")).toBe("1");
      expect(ms).toBeLessThan(1000);
    }
    expect(errorOf(answers[0]?.result as Answer)).toMatchObject({
      type: "api_error",
      code: "neo4j_unavailable",
    });
    expect(errorOf(answers[1]?.result as Answer)).toMatchObject({
      type: "api_error",
      code: "neo4j_unavailable",
    });
    expect(answers[3]?.result.json).toEqual({ status: "unavailable", reason: "Neo4j is not reachable" });
    expect(absentDb.availability.state).toBe("down");
    expect(health.status).toBe(200);
  });
});
