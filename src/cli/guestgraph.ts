import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { Command } from "commander";
import { type Config, ConfigError, loadConfig } from "../config/env.ts";
import { Database } from "../graph/database.ts";
import { applyMigrations } from "../graph/migrations.ts";
import { provideNeo4j } from "../graph/neo4j-server.ts";
import { receivePayments } from "../ingest/receive-payments.ts";
import { verifyAccount } from "../ingest/verify-account.ts";

/**
 * `npm run guestgraph -- <command>`: operations on the graph from a terminal, against the same
 * Neo4j that `npm start` uses (NEO4J_URI, else the local server).
 */

const say = (line = "") => process.stdout.write(`${line}\n`);

async function withDatabase<T>(config: Config, work: (db: Database) => Promise<T>): Promise<T> {
  const neo4j = await provideNeo4j(config);
  const db = new Database(neo4j.connection);
  try {
    await applyMigrations(db);
    return await work(db);
  } finally {
    await db.close();
    await neo4j.release();
  }
}

async function verify(config: Config, account: string): Promise<number> {
  const report = await withDatabase(config, (db) => verifyAccount(db, account));
  say(
    `Account ${report.account}: ${report.guestPayments} guest payments, ${report.registeredPayments} registered customers' payments.`,
  );
  say(`Recomputed from scratch: ${report.differences.length} payment(s) whose stored guest differs.`);
  for (const difference of report.differences.slice(0, 50)) {
    say(
      `  ${difference.payment}: stored ${difference.storedGuest ?? "(none)"}, expected ${difference.expectedGuest}`,
    );
  }
  if (report.differences.length > 50) say(`  … and ${report.differences.length - 50} more`);
  say(`Checked in Cypher (cypher/resolution/verify-account.cypher): ${report.localViolations} violation(s).`);
  return report.differences.length === 0 && report.localViolations === 0 ? 0 : 1;
}

/**
 * Payments from a file: JSON Lines (one payment per line, streamed: exports of any size), or one JSON
 * document (an array, or a list object {data: [...]}), told apart by whether the first line is whole JSON.
 */
async function* paymentsFrom(file: string): AsyncGenerator<unknown> {
  const lines = createInterface({
    input: createReadStream(file, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const document: string[] = [];
  for await (const line of lines) {
    if (document.length === 0 && line.trim() === "") continue;
    const whole = document.length === 0 ? parsedLine(line) : undefined;
    if (whole !== undefined && !Array.isArray(whole) && !("data" in (whole as object))) {
      yield whole;
      continue;
    }
    document.push(line);
  }
  if (document.length === 0) return;
  const parsed = JSON.parse(document.join("\n")) as unknown;
  yield* Array.isArray(parsed) ? parsed : ((parsed as { data: unknown[] }).data ?? []);
}

function parsedLine(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

async function ingest(config: Config, account: string, file: string, batchSize: number): Promise<number> {
  return withDatabase(config, async (db) => {
    const counts = { created: 0, updated: 0, unchanged: 0, refused: 0 };
    let batch: unknown[] = [];
    let offset = 0;
    const flush = async () => {
      for (const item of await receivePayments(db, account, batch)) {
        if (item.ok) counts[item.result]++;
        else {
          counts.refused++;
          say(`  item ${offset + item.index}: refused (${item.error.param}): ${item.error.message}`);
        }
      }
      offset += batch.length;
      batch = [];
      process.stderr.write(`\r${offset} payments read`);
    };
    for await (const payment of paymentsFrom(file)) {
      batch.push(payment);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    process.stderr.write("\n");
    say(
      `Created ${counts.created}, updated ${counts.updated}, unchanged ${counts.unchanged}, refused ${counts.refused}.`,
    );
    return counts.refused === 0 ? 0 : 1;
  });
}

const program = new Command("guestgraph").description("GuestGraph operations from the terminal");
program
  .command("verify")
  .description("recompute an account's guests from scratch and list every payment whose stored guest differs")
  .requiredOption("--account <acct>", "merchant account id (acct_…)")
  .action(async (options: { account: string }) => {
    process.exitCode = await verify(loadConfig(), options.account);
  });
program
  .command("ingest")
  .description(
    "ingest payments from a file: Stripe Charges/PaymentIntents or canonical payments, as JSON or JSON Lines",
  )
  .argument("<file>", "JSON array, {data: [...]}, or one payment per line")
  .requiredOption("--account <acct>", "merchant account id (acct_…)")
  .option("--batch-size <n>", "payments per transaction", (value) => Number.parseInt(value, 10), 1000)
  .action(async (file: string, options: { account: string; batchSize: number }) => {
    process.exitCode = await ingest(loadConfig(), options.account, file, options.batchSize);
  });

try {
  await program.parseAsync();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}
