import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { Command } from "commander";
import type { Config } from "../../config/env.ts";
import {
  type DemoAccount,
  type DemoGroundTruth,
  demoDefaults,
  demoLimits,
  generateDemoAccount,
} from "../../demo/demo-account.ts";
import { loadDemoAccount } from "../../demo/load-demo-account.ts";
import { configError, exitCodes } from "../cli-errors.ts";
import { openPaymentSink } from "../payment-sink.ts";
import { progressBar } from "../progress.ts";
import { accountId, action, say, sinkChoice, wholeNumber, withSinkOptions } from "./shared.ts";

interface DemoOptions {
  payments: number;
  seed: number;
  account?: string;
  truth?: string;
  batchSize: number;
  api?: string;
  direct?: boolean;
}

export function registerDemo(program: Command): void {
  withSinkOptions(
    program
      .command("demo")
      .description(
        "make a realistic demo account (repeat guests, households, registered customers, refunds, disputes, late deliveries, planted fraud), send it through the real ingest path, and write its ground truth",
      )
      .option(
        "--payments <n>",
        `distinct payments (${demoLimits.minPayments}–${demoLimits.maxPayments})`,
        wholeNumber(demoLimits.minPayments, demoLimits.maxPayments),
        demoDefaults.payments,
      )
      .option(
        "--seed <s>",
        "the same seed makes the same account",
        wholeNumber(0, 2 ** 31 - 1),
        demoDefaults.seed,
      )
      .option("--account <acct>", "merchant account (default: GUESTGRAPH_DEFAULT_ACCOUNT)", accountId)
      .option(
        "--truth <file>",
        "where to write the ground truth (default: <data dir>/demo/<account>.truth.json)",
      )
      .option("--batch-size <n>", "payments per batch", wholeNumber(1, 1000), 250),
  ).action(action(demo));
}

async function demo(config: Config, options: DemoOptions): Promise<number> {
  const account = options.account ?? config.GUESTGRAPH_DEFAULT_ACCOUNT;
  const generated = generateDemoAccount({ payments: options.payments, seed: options.seed, account });
  const truthFile = options.truth ?? join(config.GUESTGRAPH_DATA_DIR, "demo", `${account}.truth.json`);
  await writeTruth(truthFile, generated.truth);

  const sink = await openPaymentSink(config, sinkChoice(options));
  const started = Date.now();
  const progress = progressBar({ unit: "deliveries", total: generated.deliveries.length });
  try {
    const summary = await loadDemoAccount(generated, (batch) => sink.send(account, batch), {
      batchSize: options.batchSize,
      onProgress: (sent) => progress.update(sent),
    });
    progress.stop();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    say(
      `Demo account ${account} (seed ${options.seed}): ${generated.truth.payments} payments in ${summary.deliveries} deliveries (late and repeated ones too), sent to ${sink.description} in ${seconds} s.`,
    );
    say(
      `Created ${summary.created}, updated ${summary.updated}, unchanged ${summary.unchanged}, refused ${summary.refused}.`,
    );
    for (const refusal of summary.refusals) say(`  refused ${refusal}`);
    say(
      `Ground truth: ${truthFile} (${generated.truth.guests.length} guests, the planted fraud, every payment's outcome).`,
    );
    say();
    printWhereToLook(config, generated);
    return summary.refused === 0 ? exitCodes.ok : exitCodes.refused;
  } finally {
    progress.stop();
    await sink.close();
  }
}

async function writeTruth(file: string, truth: DemoGroundTruth): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, `${JSON.stringify(truth, null, 2)}\n`);
  } catch (error) {
    throw configError(
      `Cannot write the ground truth to ${file}: ${(error as Error).message} (choose another --truth file)`,
    );
  }
}

function printWhereToLook(config: Config, { truth, options }: DemoAccount): void {
  const api = `http://${config.HOST === "0.0.0.0" ? "127.0.0.1" : config.HOST}:${config.PORT}`;
  const header =
    options.account === config.GUESTGRAPH_DEFAULT_ACCOUNT ? "" : ` -H 'Stripe-Account: ${options.account}'`;
  const { cardTesting, highVelocityEmail, ring, hubPhone } = truth.fraud;
  const minutes = (from: string, to: string) =>
    Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
  const family = truth.guests.find((guest) => guest.kind === "family");
  const repeat = [...truth.guests]
    .filter((guest) => guest.kind === "honest")
    .sort(
      (a, b) =>
        b.cards.length +
        b.emails.length +
        b.phones.length -
        (a.cards.length + a.emails.length + a.phones.length),
    )[0];
  const rows: [string, string, string][] = [
    ["Guest list", "/v1/guests", `the Customers tab: ${truth.guests.length} guests, most recent first`],
    [
      "Card-testing burst",
      `/v1/guests/${cardTesting.guest}`,
      `${cardTesting.payments.length} attempts on ${cardTesting.cards.length} cards in ${minutes(cardTesting.from, cardTesting.to)} min, ${cardTesting.declined} declined (${cardTesting.email})`,
    ],
    [
      "High-velocity email",
      `/v1/guests/${highVelocityEmail.guest}`,
      `${highVelocityEmail.payments.length} gift-card payments in ${minutes(highVelocityEmail.from, highVelocityEmail.to)} min by ${highVelocityEmail.email}`,
    ],
    [
      "Fraud ring",
      `/v1/guests/${ring.guests[0]}`,
      `${ring.guests.length} guests cycling through ${ring.sharedCards.length} shared cards and ${ring.sharedPhones.length} phones (the others: ${ring.guests.slice(1).join(", ")})`,
    ],
    [
      "Hub phone",
      `/v1/search?query=${encodeURIComponent(hubPhone.phone)}`,
      `${hubPhone.phone} on the payments of ${hubPhone.guests.length} otherwise unrelated guests`,
    ],
  ];
  if (family) rows.push(["A household", `/v1/guests/${family.id}`, `${family.label} sharing a family card`]);
  if (repeat) {
    rows.push([
      "A repeat guest",
      `/v1/guests/${repeat.id}`,
      `${repeat.label}: ${repeat.cards.length} cards, ${repeat.emails.length} emails, ${repeat.phones.length} phones`,
    ]);
  }
  say(
    `What to look at (GET ${api}…, with -H "Authorization: Bearer $KEY"${header}; the console is ${api}/):`,
  );
  for (const [what, path, note] of rows) say(`  ${what.padEnd(20)} ${path}\n  ${"".padEnd(20)} ${note}`);
  say();
  say("In Neo4j Browser, a fraud ring guest and everything around it:");
  say(
    `  MATCH (g:Guest {account: '${options.account}', id: '${ring.guests[0]}'})<-[:BELONGS_TO]-(p:Payment)-[:HAS_CARD|HAS_PHONE]->(i)<-[:HAS_CARD|HAS_PHONE]-(q:Payment) RETURN g, p, i, q LIMIT 200`,
  );
}
