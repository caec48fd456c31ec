import { Database } from "../src/graph/database.ts";
import { applyMigrations } from "../src/graph/migrations.ts";
import { ingestPayments } from "../src/ingest/ingest-payments.ts";
import { paymentFrom } from "../test/support/payment-factory.ts";
import { benchNeo4j } from "./lib/bench-neo4j.ts";

/**
 * Does a card used N times slow the next payment down? Ingests N payments that all share one card (each
 * with its own email), in batches, and compares the first batches with the last ones; then times one
 * more payment in order and one late payment. Ratios within one run are what count: absolute times on a
 * shared 2-core machine are noisy.
 *
 *   npm run bench:hot-identifier -- [payments=100000] [batch=500]
 *
 * Uses NEO4J_URI (with NEO4J_USERNAME/NEO4J_PASSWORD) when set, else a throw-away local Neo4j.
 */

const total = Number(process.argv[2] ?? 100_000);
const batchSize = Number(process.argv[3] ?? 500);

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const average = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function run(account: string, count: number) {
  const payment = (n: number, created = 1_000_000 + n) =>
    paymentFrom(account, {
      id: `ch_${String(n).padStart(8, "0")}`,
      created,
      cards: ["HOT"],
      emails: [`buyer${n}@example.com`],
    });
  const batchTimes: number[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, count - start) }, (_, i) => payment(start + i));
    batchTimes.push(await timed(() => ingestPayments(db, account, batch)));
  }
  // Five single payments each way, the median reported: one alone is at the mercy of a GC pause.
  const next: number[] = [];
  const late: number[] = [];
  for (let i = 1; i <= 5; i++) {
    next.push(await timed(() => ingestPayments(db, account, [payment(count + i, 9_000_000 + i)])));
    late.push(
      await timed(() => ingestPayments(db, account, [payment(count + 10 + i, 1_000_000 + count - 10 * i)])),
    );
  }
  return { batchTimes, next: median(next), late: median(late) };
}

const server = await benchNeo4j("2g");
const db = new Database(server.connection);
try {
  await applyMigrations(db);
  // The same workload, smaller, on another account first: it warms the JVM and Neo4j's query caches.
  await run(`acct_warmup${Date.now()}`, 10 * batchSize);
  const { batchTimes, next, late } = await run(`acct_bench${Date.now()}`, total);
  const window = Math.max(1, Math.min(5, Math.floor(batchTimes.length / 4)));
  const first = average(batchTimes.slice(0, window));
  const last = average(batchTimes.slice(-window));

  console.log(`${total} payments on one card, batches of ${batchSize}:`);
  console.log(
    `  early batches ${first.toFixed(0)} ms, last batches ${last.toFixed(0)} ms (ratio ${(last / first).toFixed(2)})`,
  );
  console.log(`  ${(last / batchSize).toFixed(2)} ms a payment at ${total} uses of the card`);
  console.log(
    `  a single payment in order: ${next.toFixed(0)} ms; a single late one: ${late.toFixed(0)} ms (medians of 5)`,
  );
} finally {
  await db.close();
  await server.stop();
}
