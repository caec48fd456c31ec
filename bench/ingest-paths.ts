import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import Stripe from "stripe";
import { generateDemoAccount } from "../src/demo/demo-account.ts";
import { freePort } from "../test/support/free-port.ts";
import { startServiceProcess } from "../test/support/service-process.ts";
import { benchNeo4j } from "./lib/bench-neo4j.ts";
import { RssSampler } from "./lib/rss.ts";
import { latency, perSecond, table } from "./lib/stats.ts";

/**
 * `npm run bench:ingest-paths`: the two promises of issue 10 that only a benchmark can show.
 *  1. Webhooks: a burst of signed Stripe events (the demo account's deliveries, all for one merchant
 *     account, `--concurrency` at a time) against the running service: p50/p95/p99 of the answer
 *     (Stripe waits a limited time; the goal is p99 under 1 s).
 *  2. Import: `guestgraph import` of a JSON Lines file of `--import-mb` MB (1024 for the 1 GB claim), the
 *     importing process's peak RSS sampled from /proc (the goal is under 300 MB whatever the size).
 */

const options = new Command("bench:ingest-paths")
  .option("--events <n>", "webhook events in the burst", "600")
  .option("--concurrency <n>", "webhook deliveries in flight at once", "50")
  .option("--import-mb <n>", "size of the imported file in MB (0 to skip)", "100")
  .option("--json", "print one JSON object last")
  .parse()
  .opts<{ events: string; concurrency: string; importMb: string; json?: boolean }>();

const say = (line = "") => (options.json ? process.stderr : process.stdout).write(`${line}\n`);
const neo4j = await benchNeo4j("2g");
const env = {
  NEO4J_URI: neo4j.connection.uri,
  NEO4J_USERNAME: neo4j.connection.username,
  NEO4J_PASSWORD: neo4j.connection.password,
  NEO4J_DATABASE: neo4j.connection.database,
};
const results: Record<string, unknown> = { neo4j: neo4j.source };
try {
  results.webhooks = await webhookBurst(Number(options.events), Number(options.concurrency));
  if (Number(options.importMb) > 0) results.import = await importMemory(Number(options.importMb));
} finally {
  await neo4j.stop();
}
if (options.json) process.stdout.write(`${JSON.stringify(results)}\n`);

async function webhookBurst(events: number, concurrency: number) {
  const secret = `whsec_bench${randomBytes(12).toString("hex")}`;
  const port = await freePort();
  const account = `acct_benchhooks${randomBytes(4).toString("hex")}`;
  const service = startServiceProcess({
    ...env,
    STRIPE_WEBHOOK_SECRET: secret,
    GUESTGRAPH_API_KEYS: `gg_bench_${randomBytes(16).toString("hex")}:admin`,
    GUESTGRAPH_DEFAULT_ACCOUNT: account,
    GUESTGRAPH_RATE_LIMIT_PER_MINUTE: "0",
    LOG_LEVEL: "warn",
    PORT: String(port),
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitReady(url);
    const demo = generateDemoAccount({ payments: Math.max(200, Math.ceil(events / 1.2)), seed: 10, account });
    const bodies = demo.deliveries.slice(0, events).map((delivery, index) => {
      const object = delivery.object;
      const status = (object.status as string) ?? "succeeded";
      const type =
        object.object === "payment_intent"
          ? `payment_intent.${status === "succeeded" ? "succeeded" : status === "processing" ? "processing" : "payment_failed"}`
          : `charge.${status}`;
      return JSON.stringify({
        id: `evt_bench${index}`,
        object: "event",
        created: delivery.arrival,
        type,
        data: { object },
      });
    });
    const latencies: number[] = [];
    let failures = 0;
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < bodies.length) {
          const body = bodies[next++] as string;
          const signature = Stripe.webhooks.generateTestHeaderString({ payload: body, secret });
          const sent = performance.now();
          const response = await fetch(`${url}/v1/webhooks/stripe`, {
            method: "POST",
            headers: { "content-type": "application/json", "stripe-signature": signature },
            body,
          });
          await response.arrayBuffer();
          latencies.push(performance.now() - sent);
          if (!response.ok) failures++;
        }
      }),
    );
    const ms = performance.now() - started;
    const result = {
      events: bodies.length,
      concurrency,
      failures,
      ...latency(latencies),
      events_per_second: perSecond(bodies.length, ms),
    };
    say("Webhook burst (one merchant account, signed events, applied before the answer):");
    say(table(Object.entries(result)));
    return result;
  } finally {
    service.child.kill("SIGTERM");
    await service.exited;
  }
}

async function importMemory(megabytes: number) {
  const folder = await mkdtemp(join(tmpdir(), "guestgraph-bench-import-"));
  try {
    const file = join(folder, "payments.jsonl");
    const written = await writeJsonLines(file, megabytes * 1024 * 1024);
    const account = `acct_benchimport${randomBytes(4).toString("hex")}`;
    const child = spawn(
      process.execPath,
      ["src/cli/guestgraph.ts", "import", file, "--direct", "--account", account],
      {
        env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const sampler = new RssSampler(child.pid as number);
    sampler.start();
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    const started = performance.now();
    const code = await new Promise<number | null>((done) => child.on("close", done));
    const peak = sampler.stop();
    const summary = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
    const result = {
      file_mb: Math.round((await stat(file)).size / 1024 / 1024),
      payments: written,
      exit_code: code,
      peak_rss_mb: peak,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      payments_per_second: summary.payments_per_second,
      created: summary.created,
      rejected: summary.rejected,
    };
    say("Import of a JSON Lines file (the importing process's peak RSS):");
    say(table(Object.entries(result)));
    return result;
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** The demo account's charges again and again under new ids until the file has `bytes`. */
async function writeJsonLines(file: string, bytes: number): Promise<number> {
  const demo = generateDemoAccount({ payments: 5000, seed: 3 });
  const charges = demo.deliveries
    .map((delivery) => delivery.object)
    .filter((object) => object.object === "charge");
  const out = createWriteStream(file);
  let size = 0;
  let count = 0;
  for (let round = 0; size < bytes; round++) {
    for (const charge of charges) {
      const line = `${JSON.stringify({ ...charge, id: `${charge.id as string}r${round}` })}\n`;
      size += Buffer.byteLength(line);
      count++;
      if (!out.write(line)) await new Promise<void>((done) => out.once("drain", () => done()));
      if (size >= bytes) break;
    }
  }
  await new Promise((done) => out.end(done));
  return count;
}

async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const ready = await fetch(`${url}/readyz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error("the service did not become ready");
}
