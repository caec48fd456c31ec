import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { cpus, hostname, totalmem } from "node:os";
import { join } from "node:path";
import { Command, Option } from "commander";
import { type DemoAccount, demoLimits, generateDemoAccount } from "../src/demo/demo-account.ts";
import type { Payment } from "../src/domain/payment.ts";
import { Database } from "../src/graph/database.ts";
import { applyMigrations } from "../src/graph/migrations.ts";
import { receivePayments } from "../src/ingest/receive-payments.ts";
import { parsePayment } from "../src/ingest/to-payment.ts";
import { freePort } from "../test/support/free-port.ts";
import { startServiceProcess } from "../test/support/service-process.ts";
import { writeFloorBatch, writeNaive } from "./lib/baselines.ts";
import { benchNeo4j } from "./lib/bench-neo4j.ts";
import { HttpClient, httpThroughput, readLatencies } from "./lib/http-load.ts";
import { profileIngestBatch } from "./lib/ingest-profile.ts";
import { RssSampler } from "./lib/rss.ts";
import { type Latency, latency, perSecond, table, timed } from "./lib/stats.ts";

/**
 * `npm run bench`: GuestGraph's ingest against the storage floor and the naive approach, late and
 * concurrent payments, read latencies and HTTP throughput, on the demo generator's realistic accounts at
 * each size, in one run against one Neo4j (ratios within a run are what count on a shared machine).
 * Never part of `npm test`. `--json` prints one JSON object last; results also go to bench/results/.
 */

const program = new Command("bench")
  .option("--sizes <list>", "payments per account, comma-separated", "10000,100000,1000000")
  .option("--quick", "10k payments only, a shorter run (under two minutes)")
  .option("--json", "print one JSON object last")
  .addOption(new Option("--naive-seconds <s>", "time budget of the naive approach per size").default("60"))
  .addOption(new Option("--seed <n>", "demo generator seed").default("1"))
  .parse();
const options = program.opts<{
  sizes: string;
  quick?: boolean;
  json?: boolean;
  naiveSeconds: string;
  seed: string;
}>();
const sizes = options.quick ? [10_000] : options.sizes.split(",").map((size) => Number(size.trim()));
const naiveBudgetMs = Number(options.naiveSeconds) * 1000 * (options.quick ? 0.25 : 1);
const batchSize = 500;

const say = (line = "") => {
  if (!options.json) process.stdout.write(`${line}\n`);
  else process.stderr.write(`${line}\n`);
};

const results: Record<string, unknown> = {};
const set = (name: string, value: unknown) => {
  results[name] = value;
};

const neo4j = await benchNeo4j();
const db = new Database(neo4j.connection);
await applyMigrations(db);
const neo4jVersion = await db.serverVersion();
say(`GuestGraph benchmark: ${neo4jVersion} via ${neo4j.source}; sizes ${sizes.join(", ")}`);

const key = `sk_bench_${randomBytes(12).toString("hex")}`;
const port = await freePort();
const service = startServiceProcess({
  NEO4J_URI: neo4j.connection.uri,
  NEO4J_USERNAME: neo4j.connection.username,
  NEO4J_PASSWORD: neo4j.connection.password,
  NEO4J_DATABASE: neo4j.connection.database,
  GUESTGRAPH_API_KEYS: `${key}:admin`,
  GUESTGRAPH_RATE_LIMIT_PER_MINUTE: "0",
  LOG_LEVEL: "warn",
  PORT: String(port),
});
await service.waitForLog(/GuestGraph is ready/, 180_000).catch(async () => {
  // At LOG_LEVEL=warn the ready line is not logged: wait for /readyz instead.
  for (let i = 0; i < 600; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error("the service did not become ready");
});
const http = new HttpClient(`http://127.0.0.1:${port}`, key);
const rss = new RssSampler(service.child.pid as number);

const ingestRates = new Map<number, number>();
try {
  for (const size of sizes) {
    say(`\n== ${size.toLocaleString("en")} payments`);
    const run = `${size}x${Date.now().toString(36)}`;
    const deliveries = demoDeliveries(size, Number(options.seed), `acct_gg${run}`);
    const payments = distinctPayments(deliveries, `acct_floor${run}`);
    say(
      `  ${deliveries.length.toLocaleString("en")} deliveries of ${payments.length.toLocaleString("en")} payments`,
    );

    // a: through HTTP, batches of 500, the service process's memory sampled throughout.
    const httpAccount = `acct_http${run}`;
    rss.start();
    const viaHttp = await timed(async () => {
      for (let start = 0; start < deliveries.length; start += batchSize) {
        await http.postBatch(httpAccount, deliveries.slice(start, start + batchSize));
      }
    });
    const rssPeakMb = rss.stop();
    const httpRate = perSecond(payments.length, viaHttp.ms);

    // a': in process, no HTTP: what resolution itself costs.
    const inProcessAccount = `acct_gg${run}`;
    const inProcess = await timed(async () => {
      for (let start = 0; start < deliveries.length; start += batchSize) {
        await receivePayments(db, inProcessAccount, deliveries.slice(start, start + batchSize));
      }
    });
    const inProcessRate = perSecond(payments.length, inProcess.ms);
    ingestRates.set(size, inProcessRate);

    // b: the storage floor.
    const floorAccount = `acct_floor${run}`;
    const floor = await timed(async () => {
      for (let start = 0; start < payments.length; start += batchSize) {
        await writeFloorBatch(db, floorAccount, payments.slice(start, start + batchSize));
      }
    });
    const floorRate = perSecond(payments.length, floor.ms);

    // c: the naive approach, for as long as its budget allows (it slows down as the graph grows).
    const naiveAccount = `acct_naive${run}`;
    let naiveCount = 0;
    const naive = await timed(async () => {
      const deadline = performance.now() + naiveBudgetMs;
      for (const payment of payments) {
        if (performance.now() > deadline) break;
        await writeNaive(db, naiveAccount, { ...payment, account: naiveAccount });
        naiveCount++;
      }
    });
    const naiveRate = perSecond(naiveCount, naive.ms);

    const late = await latePayments(inProcessAccount, payments, 21);
    const concurrent = await concurrentClients(httpAccount, payments, 64, 16);
    const reads = await readLatencies(http, db, httpAccount);
    const throughput = await httpThroughput(http, db, httpAccount, options.quick ? 5 : 10);
    const profile = await profileIngestBatch(
      neo4j.connection,
      `acct_profile${run}`,
      deliveries.slice(0, batchSize),
    );

    set(`ingest.${size}.payments_per_s`, httpRate);
    set(`ingest.${size}.in_process_payments_per_s`, inProcessRate);
    set(`ingest.${size}.floor_payments_per_s`, floorRate);
    set(`ingest.${size}.naive_payments_per_s`, naiveRate);
    set(`ingest.${size}.naive_payments_done`, naiveCount);
    set(`ingest.${size}.late_ms_p50`, late.p50_ms);
    set(`concurrent.${size}.payments_per_s`, concurrent.rate);
    set(`concurrent.${size}.p99_ms`, concurrent.latency.p99_ms);
    for (const [endpoint, value] of Object.entries(reads)) {
      for (const [stat, ms] of Object.entries(value)) set(`latency.${endpoint}.${size}.${stat}`, ms);
    }
    for (const [endpoint, rate] of Object.entries(throughput))
      set(`http.${endpoint}.${size}.requests_per_s`, rate);
    set(`rss_peak_mb.${size}`, rssPeakMb);
    set(`profile.${size}`, profile);
    // The headline names (issue 12) carry the largest size's figures.
    set("ingest.payments_per_s", httpRate);
    set("ingest.in_process_payments_per_s", inProcessRate);
    set("ingest.floor_payments_per_s", floorRate);
    set("ingest.naive_payments_per_s", naiveRate);
    set("ingest.late_ms_p50", late.p50_ms);
    set("concurrent.payments_per_s", concurrent.rate);
    set("concurrent.p99_ms", concurrent.latency.p99_ms);
    set("rss_peak_mb", Math.max(rssPeakMb, Number(results.rss_peak_mb ?? 0)));

    say(
      table([
        ["ingest over HTTP (batches of 500)", `${httpRate} payments/s`],
        ["ingest in process", `${inProcessRate} payments/s`],
        ["storage floor (UNWIND … MERGE)", `${floorRate} payments/s`],
        ["naive (tx per payment, var-length)", `${naiveRate} payments/s over ${naiveCount} payments`],
        ["GuestGraph / floor (in process)", (inProcessRate / floorRate).toFixed(2)],
        ["GuestGraph / floor (HTTP)", (httpRate / floorRate).toFixed(2)],
        ["GuestGraph / naive (in process)", (inProcessRate / naiveRate).toFixed(1)],
        ["late payment alone, p50", `${late.p50_ms} ms`],
        [
          "64 concurrent single-payment clients",
          `${concurrent.rate} payments/s, p99 ${concurrent.latency.p99_ms} ms`,
        ],
        ["service peak RSS during HTTP import", `${rssPeakMb} MB`],
        ...Object.entries(reads).map(([endpoint, value]): [string, string] => [
          `GET ${endpoint} p50/p95/p99`,
          `${value.p50_ms} / ${value.p95_ms} / ${value.p99_ms} ms`,
        ]),
        ...Object.entries(throughput).map(([endpoint, rate]): [string, string] => [
          `${endpoint}, 32 connections`,
          `${rate} requests/s`,
        ]),
        ...Object.entries(profile).map(([stage, ms]): [string, string] => [`profile: ${stage}`, `${ms} ms`]),
      ]),
    );
  }
  const at100k = ingestRates.get(100_000);
  const at1m = ingestRates.get(1_000_000);
  if (at100k && at1m) set("growth.ingest_1m_over_100k", Math.round((at1m / at100k) * 100) / 100);

  const machine = {
    host: hostname(),
    cpus: cpus().length,
    cpu_model: cpus()[0]?.model ?? "unknown",
    memory_gb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    neo4j: neo4jVersion,
  };
  const report = { generated_at: new Date().toISOString(), machine, sizes, results };
  await mkdir(join("bench", "results"), { recursive: true });
  const file = join("bench", "results", `${report.generated_at.replace(/[:.]/g, "-")}.json`);
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  say(`\nResults written to ${file}`);
  if (options.json) process.stdout.write(`${JSON.stringify({ machine, ...results })}\n`);
} finally {
  service.child.kill("SIGTERM");
  await service.exited;
  await db.close();
  await neo4j.stop();
}

/** The demo account's deliveries in arrival order; above the generator's largest account, several joined. */
function demoDeliveries(size: number, seed: number, account: string): unknown[] {
  const parts: DemoAccount[] = [];
  for (let left = size, part = 0; left > 0; part++) {
    const payments = Math.max(demoLimits.minPayments, Math.min(left, demoLimits.maxPayments));
    parts.push(generateDemoAccount({ payments, seed: seed + part, account }));
    left -= payments;
  }
  return parts.flatMap((part) => part.deliveries.map((delivery) => delivery.object));
}

/** Each payment once, as its last delivery says, for the floor and the naive approach. */
function distinctPayments(deliveries: unknown[], account: string): Payment[] {
  const byId = new Map<string, Payment>();
  for (const delivery of deliveries) {
    const parsed = parsePayment(delivery, account);
    if (parsed.ok) byId.set(parsed.payment.id, parsed.payment);
  }
  return [...byId.values()];
}

/** Late payments one at a time: each shares an identifier with a stored payment and is older than it. */
async function latePayments(account: string, payments: Payment[], count: number): Promise<Latency> {
  const times: number[] = [];
  const step = Math.max(1, Math.floor(payments.length / count));
  for (let i = 0; i < count; i++) {
    const model = payments[(i * step + step / 2) | 0] as Payment;
    const late = paymentLike(model, `ch_late_${i}_${Date.now().toString(36)}`, model.created - 3600);
    times.push((await timed(() => receivePayments(db, account, [late]))).ms);
  }
  return latency(times);
}

/** A canonical payment using a stored payment's identifiers, with its own id and time. */
function paymentLike(model: Payment, id: string, created: number) {
  const email = model.identifiers.find((identifier) => identifier.kind === "email")?.value;
  const card = model.identifiers.find((identifier) => identifier.kind === "card")?.value;
  return {
    object: "payment",
    id,
    created,
    amount: 1999,
    currency: model.currency,
    status: "succeeded",
    ...(email ? { email } : {}),
    ...(card ? { card: { fingerprint: card, brand: "visa", last4: "4242" } } : {}),
  };
}

/** `clients` clients each POST `each` single payments in a row to one account; all at once. */
async function concurrentClients(
  account: string,
  payments: Payment[],
  clients: number,
  each: number,
): Promise<{ rate: number; latency: Latency }> {
  const times: number[] = [];
  const stamp = Date.now().toString(36);
  // A burst of webhooks: new payments, newer than everything stored, by people the account has seen.
  const now = Math.max(...payments.map((payment) => payment.created)) + 60;
  const run = await timed(() =>
    Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let i = 0; i < each; i++) {
          const model = payments[(client * each + i) % payments.length] as Payment;
          const body = paymentLike(model, `ch_conc_${stamp}_${client}_${i}`, now + client * each + i);
          times.push((await timed(() => http.postOne(account, body))).ms);
        }
      }),
    ),
  );
  return { rate: perSecond(clients * each, run.ms), latency: latency(times) };
}
