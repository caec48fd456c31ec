import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { afterAll, describe, expect, inject, it } from "vitest";
import { cypher } from "../../src/graph/cypher.ts";
import { randomKey } from "../support/api-harness.ts";
import { freePort } from "../support/free-port.ts";
import { openTestDatabase, uniqueAccount } from "../support/neo4j.ts";
import { type ServiceProcess, startServiceProcess } from "../support/service-process.ts";
import { tcpGate } from "../support/tcp-gate.ts";

/**
 * `npm start` as a process: waiting for a Neo4j that is not there yet (bounded, then one line), serving as
 * soon as it answers, and stopping gracefully on SIGTERM with a request in flight.
 */

const run = promisify(execFile);
const db = openTestDatabase();
const account = uniqueAccount();
const key = randomKey("admin");
const started: ServiceProcess[] = [];

afterAll(async () => {
  for (const service of started) service.child.kill("SIGKILL");
  await db.write("MATCH (n) WHERE n.account = $account OR n.id = $account DETACH DELETE n", { account });
  await db.close();
});

function env(neo4jPort: number, apiPort: number, extra: Record<string, string> = {}): Record<string, string> {
  const neo4j = inject("neo4j");
  return {
    NEO4J_URI: `bolt://127.0.0.1:${neo4jPort}`,
    NEO4J_USERNAME: neo4j.username,
    NEO4J_PASSWORD: neo4j.password,
    NEO4J_DATABASE: neo4j.database,
    GUESTGRAPH_API_KEYS: `${key}:admin`,
    GUESTGRAPH_DEFAULT_ACCOUNT: account,
    PORT: String(apiPort),
    ...extra,
  };
}

function start(environment: Record<string, string>): ServiceProcess {
  const service = startServiceProcess(environment);
  started.push(service);
  return service;
}

describe("start-up without Neo4j", () => {
  it("when Neo4j never answers, then npm start says it waits, and after NEO4J_STARTUP_TIMEOUT_S exits 1 with one line", async () => {
    const neo4jPort = await freePort();
    const service = start(env(neo4jPort, await freePort(), { NEO4J_STARTUP_TIMEOUT_S: "2" }));

    const waiting = await service.waitForLog(/waiting for Neo4j/);
    const { code } = await service.exited;

    expect(waiting).toMatchObject({ level: 40, uri: `bolt://127.0.0.1:${neo4jPort}`, timeoutS: 2 });
    expect(code).toBe(1);
    expect(service.stderr).toEqual([
      `Neo4j did not answer at bolt://127.0.0.1:${neo4jPort} within 2 s (NEO4J_STARTUP_TIMEOUT_S): is it running and reachable?`,
    ]);
  });

  it("when Neo4j comes up while npm start waits, then it serves as soon as Neo4j answers; on SIGTERM a request in flight is answered, new connections are refused and it exits 0", async () => {
    const neo4j = new URL(inject("neo4j").uri);
    const gate = tcpGate(await freePort(), { host: neo4j.hostname, port: Number(neo4j.port) });
    const apiPort = await freePort();
    const base = `http://127.0.0.1:${apiPort}`;
    const service = start(env(gate.port, apiPort, { GUESTGRAPH_SHUTDOWN_GRACE_MS: "20000" }));
    try {
      await service.waitForLog(/waiting for Neo4j/);
      const readyBeforeNeo4j = await fetch(`${base}/healthz`).catch(() => null);
      await gate.open();
      await service.waitForLog(/GuestGraph is ready/, 30_000);
      const ready = await fetch(`${base}/readyz`);

      // A payment waiting on its account's lock (held here) is in flight when SIGTERM arrives.
      const session = db.driver.session({ database: db.name });
      const holder = await session.beginTransaction();
      await holder.run(cypher("resolution/lock-account"), { account });
      const inFlight = fetch(`${base}/v1/payments`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body: JSON.stringify({
          object: "payment",
          id: "shutdown-1",
          created: 1_700_000_000,
          amount: 100,
          currency: "eur",
          status: "succeeded",
          email: "shutdown@example.com",
        }),
      });
      await sleep(300);
      service.child.kill("SIGTERM");
      await service.waitForLog(/stopping: new connections refused/);
      const newConnection = await fetch(`${base}/healthz`).then(
        () => "answered",
        () => "refused",
      );
      await sleep(300);
      await holder.rollback();
      await session.close();
      const answer = await inFlight;
      const body = await answer.json();
      const { code } = await service.exited;

      expect(readyBeforeNeo4j).toBeNull();
      expect(ready.status).toBe(200);
      expect(newConnection).toBe("refused");
      expect(answer.status).toBe(200);
      expect(body).toMatchObject({ id: "shutdown-1", result: "created" });
      expect(code).toBe(0);
      expect(service.records().map((record) => record.msg)).toEqual(
        expect.arrayContaining(["shutting down", "stopped"]),
      );
    } finally {
      await gate.close();
    }
  });
});

describe("a long import and SIGTERM", () => {
  it("when SIGTERM arrives during `guestgraph import`, then it stops between batches, exits 0 and says where to resume; resuming there lands the rest exactly once", async () => {
    const importAccount = uniqueAccount();
    const folder = await mkdtemp(join(tmpdir(), "guestgraph-import-"));
    const file = join(folder, "payments.jsonl");
    const count = 3000;
    await writeFile(
      file,
      Array.from({ length: count }, (_, i) =>
        JSON.stringify({
          object: "payment",
          id: `imp-${i}`,
          created: 1_700_000_000 + i,
          amount: 100,
          currency: "usd",
          status: "succeeded",
          email: `importer${i % 50}@example.com`,
        }),
      ).join("\n"),
    );
    const neo4j = inject("neo4j");
    const env = {
      ...process.env,
      NEO4J_URI: neo4j.uri,
      NEO4J_USERNAME: neo4j.username,
      NEO4J_PASSWORD: neo4j.password,
    };
    const stored = async () =>
      (
        await db.read<{ n: number }>("MATCH (p:Payment) WHERE p.account = $account RETURN count(p) AS n", {
          account: importAccount,
        })
      )[0]?.n ?? 0;
    try {
      const child = spawn(
        process.execPath,
        [
          "src/cli/guestgraph.ts",
          "import",
          file,
          "--account",
          importAccount,
          "--batch-size",
          "100",
          "--direct",
        ],
        { env, stdio: ["ignore", "pipe", "pipe"] },
      );
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
      while ((await stored()) === 0) await sleep(50);
      child.kill("SIGTERM");
      const code = await exited;
      const stoppedAt = Number(/after the first (\d+) payments/.exec(stderr)?.[1]);
      const afterStop = await stored();
      const resumed = await run(
        process.execPath,
        [
          "src/cli/guestgraph.ts",
          "import",
          file,
          "--account",
          importAccount,
          "--batch-size",
          "500",
          "--skip",
          String(stoppedAt),
          "--direct",
        ],
        { env },
      );

      expect(code).toBe(0);
      expect(stderr).toContain(`--skip ${stoppedAt}`);
      expect(stoppedAt).toBeGreaterThan(0);
      expect(stoppedAt).toBeLessThan(count);
      expect(afterStop).toBe(stoppedAt);
      expect(JSON.parse(resumed.stdout)).toMatchObject({
        read: count - stoppedAt,
        created: count - stoppedAt,
        unchanged: 0,
        rejected: 0,
        stoppedAt: null,
      });
      expect(await stored()).toBe(count);
    } finally {
      await rm(folder, { recursive: true, force: true });
      await db.write("MATCH (n) WHERE n.account = $account OR n.id = $account DETACH DELETE n", {
        account: importAccount,
      });
    }
  }, 180_000);
});
