import { Database } from "../src/graph/database.ts";
import { applyMigrations } from "../src/graph/migrations.ts";
import { ingestPayments } from "../src/ingest/ingest-payments.ts";
import { type PaymentSketch, paymentFrom } from "../test/support/payment-factory.ts";
import { benchNeo4j } from "./lib/bench-neo4j.ts";

/**
 * What ring upkeep costs at ingest (src/ingest/maintain-rings.ts). Ring upkeep recomputes the rings of
 * the guests a batch touched, so a payment costs more the larger its guest's ring; everything else it
 * does is bounded. Times one payment (median of 7) of:
 *   - a guest in no ring (the baseline),
 *   - a guest in a chain ring of 10, 100 and 1,000 guests (each shares a card with the next),
 *   - a new guest that uses a hub phone already used by 200 guests (a hub ties nothing: flat),
 * and, for scale, the batches that build the ring. Ratios within one run are what count: absolute times
 * on a shared 2-core machine are noisy.
 *
 *   npm run bench:ring-upkeep -- [largestRing=1000]
 *
 * Uses NEO4J_URI (with NEO4J_USERNAME/NEO4J_PASSWORD) when set, else a throw-away local Neo4j.
 */

const largestRing = Number(process.argv[2] ?? 1000);
const ringSizes = [10, 100, 1000].filter((size) => size <= largestRing);

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const server = await benchNeo4j("2g");
const db = new Database(server.connection);
const ingest = (account: string, sketches: PaymentSketch[]) =>
  ingestPayments(
    db,
    account,
    sketches.map((sketch) => paymentFrom(account, sketch)),
  );

/** Guest i of a chain: founds with its email, takes the previous guest's card, then its own. */
function chainGuest(i: number): PaymentSketch[] {
  const email = `chain${i}@example.com`;
  const t = 1_000_000 + 10 * i;
  return [
    { id: `ch_c${i}_a`, created: t, emails: [email] },
    ...(i > 0 ? [{ id: `ch_c${i}_b`, created: t + 1, emails: [email], cards: [`fp_chain${i - 1}`] }] : []),
    { id: `ch_c${i}_c`, created: t + 2, emails: [email], cards: [`fp_chain${i}`] },
  ];
}

/** Seven single payments of one guest (dated after everything), the median. */
async function onePayment(account: string, email: string, label: string): Promise<number> {
  const times: number[] = [];
  for (let k = 0; k < 7; k++) {
    const sketch = { id: `ch_${label}_${k}_${Date.now()}`, created: 9_000_000 + k, emails: [email] };
    times.push(await timed(() => ingest(account, [sketch])));
  }
  return median(times);
}

try {
  await applyMigrations(db);
  // Warm-up: the same queries on a throw-away account.
  const warm = `acct_ringwarm${Date.now()}`;
  await ingest(warm, Array.from({ length: 30 }, (_, i) => chainGuest(i)).flat());
  await onePayment(warm, "chain3@example.com", "warm");

  const account = `acct_ringbench${Date.now()}`;
  await ingest(account, [{ id: "ch_alone", created: 500_000, emails: ["alone@example.com"] }]);
  const baseline = await onePayment(account, "alone@example.com", "alone");
  console.log(`one payment of a guest in no ring: ${baseline.toFixed(1)} ms (median of 7)`);

  let built = 0;
  for (const size of ringSizes) {
    const started = performance.now();
    for (; built < size; built += 50) {
      await ingest(
        account,
        Array.from({ length: Math.min(50, size - built) }, (_, i) => chainGuest(built + i)).flat(),
      );
    }
    const buildMs = performance.now() - started;
    const ms = await onePayment(account, "chain1@example.com", `ring${size}`);
    console.log(
      `one payment of a guest in a ring of ${size}: ${ms.toFixed(1)} ms (${(ms / baseline).toFixed(1)}× the baseline); ` +
        `the ring grew to it in ${buildMs.toFixed(0)} ms`,
    );
  }

  const hubAccount = `acct_ringhub${Date.now()}`;
  const hubGuests = 200;
  const hubSketches: PaymentSketch[] = [];
  for (let g = 0; g < hubGuests; g++) {
    hubSketches.push({ id: `ch_h${g}_a`, created: 2_000_000 + 10 * g, emails: [`h${g}@example.com`] });
    hubSketches.push({
      id: `ch_h${g}_b`,
      created: 2_000_000 + 10 * g + 1,
      emails: [`h${g}@example.com`],
      phones: ["+15555550100"],
    });
  }
  for (let start = 0; start < hubSketches.length; start += 200)
    await ingest(hubAccount, hubSketches.slice(start, start + 200));
  const hubTimes: number[] = [];
  for (let k = 0; k < 7; k++) {
    const email = `late${k}@example.com`;
    await ingest(hubAccount, [{ id: `ch_new${k}_a`, created: 8_000_000 + 10 * k, emails: [email] }]);
    hubTimes.push(
      await timed(() =>
        ingest(hubAccount, [
          { id: `ch_new${k}_b`, created: 8_000_000 + 10 * k + 1, emails: [email], phones: ["+15555550100"] },
        ]),
      ),
    );
  }
  const hub = median(hubTimes);
  console.log(
    `a new guest's first use of a hub phone (${hubGuests} guests): ${hub.toFixed(1)} ms (${(hub / baseline).toFixed(1)}× the baseline)`,
  );
} finally {
  await db.close();
  await server.stop();
}
