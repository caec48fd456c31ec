import { execFile } from "node:child_process";
import { readFile, rm } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { AuditTrail } from "../../src/graph/audit-trail.ts";
import { Database } from "../../src/graph/database.ts";
import { applyMigrations } from "../../src/graph/migrations.ts";
import { createLogger } from "../../src/logger.ts";
import { apiUnderTest } from "../support/api-harness.ts";
import { freePort } from "../support/free-port.ts";
import { uniqueAccount } from "../support/neo4j.ts";
import { postUntilAnswered } from "../support/retrying-client.ts";

/**
 * `npm run neo4j -- backup <file>` and `restore <file>` on local servers of this test's own (never the run's
 * shared one): ingest through the API, back up the running server (stopped for the dump and started
 * again), restore into a fresh store, and find every payment, guest and audit event there, verified.
 */

const run = promisify(execFile);
const root = resolve(process.env.GUESTGRAPH_DATA_DIR ?? ".data", `backup-test-${process.pid}`);
const original = join(root, "original");
const restored = join(root, "restored");
const dumpFile = join(root, "guestgraph.dump");
const account = uniqueAccount();
const started: Record<string, string>[] = [];

async function envFor(dataDir: string): Promise<Record<string, string>> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    GUESTGRAPH_DATA_DIR: dataDir,
    NEO4J_LOCAL_BOLT_PORT: String(await freePort()),
    NEO4J_LOCAL_HTTP_PORT: String(await freePort()),
    NEO4J_LOCAL_HEAP: "512m",
  };
}

function neo4jCli(env: Record<string, string>, ...args: string[]) {
  return run(process.execPath, ["src/cli/neo4j.ts", ...args], { env, timeout: 240_000 });
}

async function openLocal(env: Record<string, string>): Promise<Database> {
  const password = (
    await readFile(join(env.GUESTGRAPH_DATA_DIR as string, "neo4j", "password"), "utf8")
  ).trim();
  return new Database({
    uri: `bolt://127.0.0.1:${env.NEO4J_LOCAL_BOLT_PORT}`,
    username: "neo4j",
    password,
    database: "neo4j",
  });
}

interface Contents {
  payments: { id: string; guest: string }[];
  guests: { id: string; paymentCount: number }[];
  auditEvents: { id: string; action: string }[];
}

async function contents(db: Database): Promise<Contents> {
  return {
    payments: await db.read(
      "MATCH (p:Payment) WHERE p.account = $account RETURN p.id AS id, p.guest AS guest ORDER BY id",
      { account },
    ),
    guests: await db.read(
      "MATCH (g:Guest) WHERE g.account = $account RETURN g.id AS id, g.paymentCount AS paymentCount ORDER BY id",
      { account },
    ),
    auditEvents: await db.read(
      "MATCH (e:AuditEvent) WHERE e.account = $account RETURN e.id AS id, e.action AS action ORDER BY id",
      { account },
    ),
  };
}

afterAll(async () => {
  for (const env of started) await neo4jCli(env, "stop").catch(() => {});
  await rm(root, { recursive: true, force: true });
}, 120_000);

describe("backup and restore of the local Neo4j", () => {
  it("when a running server is backed up and the dump restored into a fresh store, then every payment, guest and audit event is there and verify passes", async () => {
    const first = await envFor(original);
    started.push(first);
    await neo4jCli(first, "start");
    const db = await openLocal(first);
    let before: Contents;
    try {
      await applyMigrations(db);
      const trail = new AuditTrail(db, createLogger("silent", { destination: { write: () => {} } }), {
        retentionDays: 30,
      });
      const api = apiUnderTest({
        db,
        defaultAccount: account,
        keys: { admin: "any account" },
        defaultKey: "admin",
        audit: trail,
      });
      await api.start();
      const payments = Array.from({ length: 30 }, (_, i) => ({
        object: "payment",
        id: `bk-${i}`,
        created: 1_700_000_000 + ((i * 7919) % 1000),
        amount: 100 + i,
        currency: "eur",
        status: "succeeded",
        email: `person${i % 6}@example.com`,
        card: { fingerprint: `fpBackup${i % 4}`, brand: "visa", last4: "4242" },
      }));
      // As a client would: retried on a 503 (a cold server on a busy machine may time a first query out).
      for (const [n, data] of [payments.slice(0, 20), payments.slice(20)].entries()) {
        const sent = await postUntilAnswered(`${api.baseUrl()}/v1/payments`, {
          key: api.keys.admin as string,
          idempotencyKey: `backup-${n}`,
          body: { data },
        });
        expect(sent.status).toBe(200);
      }
      const list = await api.get("/v1/guests?limit=5");
      await api.get(`/v1/guests/${list.json.data[0].id}`);
      await api.stop();
      await trail.close();
      before = await contents(db);
    } finally {
      await db.close();
    }

    const backedUp = await neo4jCli(first, "backup", dumpFile);
    const afterBackup = await neo4jCli(first, "status");
    const second = await envFor(restored);
    started.push(second);
    const restoring = await neo4jCli(second, "restore", dumpFile);
    await neo4jCli(second, "start");
    const verify = await run(process.execPath, ["src/cli/guestgraph.ts", "verify", "--account", account], {
      env: second,
      timeout: 120_000,
    });
    const copy = await openLocal(second);
    let after: Contents;
    try {
      after = await contents(copy);
    } finally {
      await copy.close();
    }

    expect(backedUp.stdout).toMatch(/Stopping the local Neo4j \(pid \d+\) for the dump/);
    expect(backedUp.stdout).toMatch(/Backed up database neo4j to .*guestgraph\.dump \(\d+\.\d MB\)/);
    expect(afterBackup.stdout).toMatch(/The local Neo4j is running/);
    expect(restoring.stdout).toMatch(/Restored database neo4j from .*guestgraph\.dump/);
    expect(verify.stdout).toMatch(/0 payment\(s\) whose stored guest differs|no difference/i);
    expect(before.payments).toHaveLength(30);
    expect(before.guests.length).toBeGreaterThan(0);
    expect(before.auditEvents.map((event) => event.action)).toEqual(
      expect.arrayContaining(["payments.create", "guests.list", "guests.retrieve"]),
    );
    expect(after).toEqual(before);
  }, 600_000);

  it("when the file to restore does not exist, or the backup file exists already, then one line says so and nothing is touched", async () => {
    const env = await envFor(join(root, "untouched"));

    const missing = await neo4jCli(env, "restore", join(root, "nothing.dump")).catch((error) => error);
    const existing = await neo4jCli(env, "backup", join(root, "..", `backup-test-${process.pid}`)).catch(
      (error) => error,
    );

    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toMatch(/nothing\.dump does not exist\.$/);
    expect(existing.code).toBe(1);
    expect(existing.stderr.trim()).toMatch(/exists already: choose a new file name\.$/);
  });
});
