import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import type { Config } from "../../config/env.ts";
import { exitCodes } from "../cli-errors.ts";
import { openPaymentSink } from "../payment-sink.ts";
import { accountId, action, say, wholeNumber } from "./shared.ts";

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

async function ingest(
  config: Config,
  file: string,
  options: { account: string; batchSize: number },
): Promise<number> {
  const sink = await openPaymentSink(config, { api: null });
  try {
    const counts = { created: 0, updated: 0, unchanged: 0, refused: 0 };
    let batch: unknown[] = [];
    let offset = 0;
    const flush = async () => {
      for (const [index, item] of (await sink.send(options.account, batch)).entries()) {
        if (item.ok) {
          counts[item.result]++;
          if (item.redacted.length > 0) {
            say(`  item ${offset + index}: card number masked in ${item.redacted.join(", ")}`);
          }
        } else {
          counts.refused++;
          say(`  item ${offset + item.index}: refused (${item.error.param}): ${item.error.message}`);
        }
      }
      offset += batch.length;
      batch = [];
    };
    for await (const payment of paymentsFrom(file)) {
      batch.push(payment);
      if (batch.length >= options.batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    say(
      `Created ${counts.created}, updated ${counts.updated}, unchanged ${counts.unchanged}, refused ${counts.refused}.`,
    );
    return counts.refused === 0 ? exitCodes.ok : exitCodes.refused;
  } finally {
    await sink.close();
  }
}

export function registerIngest(program: Command): void {
  program
    .command("ingest")
    .description(
      "ingest payments from a file: Stripe Charges/PaymentIntents or canonical payments, as JSON or JSON Lines",
    )
    .argument("<file>", "JSON array, {data: [...]}, or one payment per line")
    .requiredOption("--account <acct>", "merchant account id (acct_…)", accountId)
    .option("--batch-size <n>", "payments per transaction", wholeNumber(1, 10_000), 1000)
    .action(action(ingest));
}
