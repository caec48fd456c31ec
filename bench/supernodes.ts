import { randomBytes } from "node:crypto";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pino } from "pino";
import { loadConfig } from "../src/config/env.ts";
import { guestIdFor } from "../src/domain/resolution-keys.ts";
import { Database } from "../src/graph/database.ts";
import { applyMigrations } from "../src/graph/migrations.ts";
import { createApp } from "../src/http/app.ts";
import { ingestPayments } from "../src/ingest/ingest-payments.ts";
import { type PaymentSketch, paymentFrom } from "../test/support/payment-factory.ts";
import { benchNeo4j } from "./lib/bench-neo4j.ts";

/**
 * Do the views that used to fall over on a supernode answer in bounded time? Seeds one guest with N
 * payments (default 100,000) on one email, card and phone, and 500 other guests that share the phone (an
 * office line: N + 500 uses), then times each endpoint that reads a guest or an identifier through real
 * HTTP: p50, p95 and max of sequential requests after a warm-up. Target: p95 under 300 ms.
 *
 *   npm run bench:supernodes -- [payments=100000] [requests=40] [account]
 *
 * Uses NEO4J_URI (with NEO4J_USERNAME/NEO4J_PASSWORD) when set, else a throw-away local Neo4j. Without
 * an account, a new one is seeded and deleted afterwards; with one, it is seeded only when its guest is
 * not there yet, and kept (seeding 100,000 payments takes minutes: run again on the same account).
 */

const total = Number(process.argv[2] ?? 100_000);
const requests = Number(process.argv[3] ?? 40);
const keptAccount = process.argv[4];
const warmUp = 3;
const sharers = 500;

const hub = "+14155550100";
const card = "FP_SUPERNODE";
const email = "hub.guest@bench.test";

function sketches(): PaymentSketch[] {
  const start = 1_700_000_000;
  const own = Array.from({ length: total }, (_, n) => ({
    id: `ch_super${n}`,
    created: start + n,
    emails: [email],
    phones: [hub],
    cards: [card],
    status: n % 7 === 0 ? ("failed" as const) : ("succeeded" as const),
  }));
  // Each sharer founds its own guest by email, then pays once with the office phone and joins its own guest.
  const others = Array.from({ length: sharers }, (_, n) => [
    { id: `ch_other${n}a`, created: start + total + 2 * n, emails: [`staff${n}@bench.test`] },
    {
      id: `ch_other${n}b`,
      created: start + total + 2 * n + 1,
      emails: [`staff${n}@bench.test`],
      phones: [hub],
    },
  ]).flat();
  return [...own, ...others];
}

async function seed(db: Database, account: string): Promise<void> {
  const all = sketches();
  const started = performance.now();
  for (let offset = 0; offset < all.length; offset += 1_000) {
    await ingestPayments(
      db,
      account,
      all.slice(offset, offset + 1_000).map((sketch) => paymentFrom(account, sketch)),
    );
    if ((offset / 1_000) % 10 === 9) {
      process.stdout.write(
        `  ingested ${offset + 1_000} of ${all.length} (${Math.round((performance.now() - started) / 1000)} s)\n`,
      );
    }
  }
  console.log(`seeded ${all.length} payments in ${Math.round((performance.now() - started) / 1000)} s`);
}

async function deleteAccount(db: Database, account: string): Promise<void> {
  const batches: [string, string][] = [
    ["Payment", "p.at IS NOT NULL"],
    ["Guest", "p.id IS NOT NULL"],
    ["Email", "p.address IS NOT NULL"],
    ["Phone", "p.number IS NOT NULL"],
    ["Card", "p.fingerprint IS NOT NULL"],
    ["Customer", "p.id IS NOT NULL"],
  ];
  for (const [label, present] of batches) {
    for (;;) {
      const [row] = await db.write<{ deleted: number }>(
        `MATCH (p:${label}) WHERE p.account = $account AND ${present} WITH p LIMIT 5000 DETACH DELETE p RETURN count(*) AS deleted`,
        { account },
      );
      if (!row || row.deleted === 0) break;
    }
  }
  await db.write("MATCH (a:Account {id: $account}) DETACH DELETE a", { account });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

async function time(baseUrl: string, key: string, account: string, path: string): Promise<string> {
  const call = async () => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${key}`, "stripe-account": account },
    });
    const body = await response.text();
    if (response.status !== 200)
      throw new Error(`${path} answered ${response.status}: ${body.slice(0, 300)}`);
    return performance.now() - started;
  };
  for (let i = 0; i < warmUp; i++) await call();
  const times: number[] = [];
  for (let i = 0; i < requests; i++) times.push(await call());
  times.sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(0).padStart(5)} ms`;
  const p95 = percentile(times, 95);
  return `${ms(percentile(times, 50))} ${ms(p95)} ${ms(times.at(-1) as number)}  ${p95 < 300 ? "ok  " : "SLOW"}  ${path}`;
}

async function main(): Promise<void> {
  const server = await benchNeo4j("2g");
  const db = new Database(server.connection);
  const account = keptAccount ?? `acct_bench${randomBytes(5).toString("hex")}`;
  let http: Server | undefined;
  try {
    await applyMigrations(db);
    console.log(`account ${account}: one guest with ${total} payments, ${sharers} guests sharing its phone`);
    const [seeded] = await db.read<{ payments: number }>(
      "MATCH (g:Guest {account: $account, id: $id}) RETURN g.paymentCount AS payments",
      { account, id: guestIdFor(account, "ch_super0") },
    );
    if (seeded?.payments === total) console.log("already seeded");
    else await seed(db, account);
    const key = `bench_${randomBytes(12).toString("hex")}`;
    const app = createApp({
      config: loadConfig({ LOG_LEVEL: "silent", GUESTGRAPH_API_KEYS: `${key}:admin` }),
      db,
      logger: pino({ level: "silent" }),
    });
    http = await new Promise<Server>((ready) => {
      const listening = app.listen(0, "127.0.0.1", () => ready(listening));
    });
    const baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const guest = guestIdFor(account, "ch_super0");
    const sharer = guestIdFor(account, "ch_other0a");
    const phone = encodeURIComponent(hub);
    const paths = [
      `/v1/guests/${guest}`,
      `/v1/guests/${guest}/identifiers`,
      `/v1/guests/${guest}/linked_guests`,
      `/v1/guests/${guest}/related_customers`,
      `/v1/guests/${guest}/payments`,
      `/v1/guests/${sharer}`,
      `/v1/identifiers/phone/${phone}`,
      `/v1/identifiers/card/${card}`,
      `/v1/identifiers/email/${encodeURIComponent(email)}`,
      `/v1/identifiers/phone/${phone}/guests?limit=100`,
      `/v1/guests?phone=${phone}`,
      `/v1/guests?card_fingerprint=${card}`,
      `/v1/graph/neighborhood?node=${guest}&depth=2`,
      `/v1/graph/neighborhood?node=phone:${phone}&depth=2`,
      `/v1/graph/neighborhood?node=card:${card}&depth=4&limit=1000`,
      `/v1/graph/path?from=${guest}&to=${sharer}`,
      `/v1/graph/path?from=ch_super0&to=${guestIdFor(account, `ch_other${sharers - 1}a`)}&max_depth=8`,
    ];
    console.log(
      `\n  p50      p95      max        (${requests} sequential requests each, after ${warmUp} warm-up)`,
    );
    for (const path of paths) console.log(await time(baseUrl, key, account, path));
  } finally {
    await new Promise((closed) => http?.close(closed) ?? closed(undefined));
    await deleteAccount(db, account).catch((error) =>
      console.error("could not delete the bench account:", error),
    );
    await db.close();
    await server.stop();
  }
}

await main();
