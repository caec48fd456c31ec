import { Database } from "../src/graph/database.ts";
import { applyMigrations } from "../src/graph/migrations.ts";
import { deletePayment } from "../src/ingest/delete-payment.ts";
import { ingestPayments } from "../src/ingest/ingest-payments.ts";
import { paymentFrom } from "../test/support/payment-factory.ts";
import { benchNeo4j } from "./lib/bench-neo4j.ts";

/**
 * Does changing one payment cost what the change touches, or what its guest holds? Builds one guest of N
 * payments (one card shared by all, an email each), then times, each as the median of five:
 *   - a single new payment ingested in order (the yardstick),
 *   - a newer copy of a payment in the middle of the guest with another email (identifier update),
 *   - a newer copy giving a payment in the middle a customer (it leaves the guest rule),
 *   - deleting a payment in the middle of the guest.
 * Ratios within one run are what count: absolute times on a shared 2-core machine are noisy.
 *
 *   npm run bench:identifier-update -- [payments=100000] [batch=1000]
 *
 * Uses NEO4J_URI (with NEO4J_USERNAME/NEO4J_PASSWORD) when set, else a throw-away local Neo4j.
 */

const total = Number(process.argv[2] ?? 100_000);
const batchSize = Number(process.argv[3] ?? 1000);

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

async function run(db: Database, account: string, count: number) {
  const payment = (n: number, extra: { email?: string; customer?: string; version?: number } = {}) =>
    paymentFrom(account, {
      id: `ch_${String(n).padStart(8, "0")}`,
      created: 1_000_000 + n,
      cards: ["HOT"],
      emails: [extra.email ?? `buyer${n}@example.com`],
      customer: extra.customer ?? null,
      version: extra.version ?? 1,
    });
  for (let start = 0; start < count; start += batchSize) {
    const batch = Array.from({ length: Math.min(batchSize, count - start) }, (_, i) => payment(start + i));
    await ingestPayments(db, account, batch);
  }
  const middle = (i: number) => Math.floor(count / 2) + 10 * i;
  const single: number[] = [];
  const update: number[] = [];
  const attach: number[] = [];
  const removal: number[] = [];
  for (let i = 1; i <= 5; i++) {
    single.push(await timed(() => ingestPayments(db, account, [payment(count + i)])));
    update.push(
      await timed(() =>
        ingestPayments(db, account, [payment(middle(i), { email: `changed${i}@example.com`, version: 2 })]),
      ),
    );
    attach.push(
      await timed(() =>
        ingestPayments(db, account, [payment(middle(i) + 1, { customer: `cus_${i}`, version: 2 })]),
      ),
    );
    removal.push(await timed(() => deletePayment(db, account, payment(middle(i) + 2).id)));
  }
  const [guest] = await db.read<{ paymentCount: number }>(
    "MATCH (g:Guest {account: $account, id: $id}) RETURN g.paymentCount AS paymentCount",
    { account, id: (await ingestPayments(db, account, [payment(0)]))[0]?.guest },
  );
  return {
    single: median(single),
    update: median(update),
    attach: median(attach),
    removal: median(removal),
    guestSize: guest?.paymentCount ?? 0,
  };
}

const server = await benchNeo4j("2g");
const db = new Database(server.connection);
try {
  await applyMigrations(db);
  // The same workload, smaller, on another account first: it warms the JVM and Neo4j's query caches.
  await run(db, `acct_warmup${Date.now()}`, 5 * batchSize);
  const result = await run(db, `acct_bench${Date.now()}`, total);
  const ratio = (value: number) => (value / result.single).toFixed(2);
  console.log(`One guest of ${result.guestSize} payments (one card, an email each); medians of 5:`);
  console.log(`  a single new payment, in order:          ${result.single.toFixed(0)} ms`);
  console.log(
    `  one payment's email changed (newer copy): ${result.update.toFixed(0)} ms (${ratio(result.update)}x)`,
  );
  console.log(
    `  one payment given a customer:             ${result.attach.toFixed(0)} ms (${ratio(result.attach)}x)`,
  );
  console.log(
    `  one payment deleted:                      ${result.removal.toFixed(0)} ms (${ratio(result.removal)}x)`,
  );
} finally {
  await db.close();
  await server.stop();
}
