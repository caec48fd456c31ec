import { type Command, InvalidArgumentError } from "commander";
import type { Config } from "../../config/env.ts";
import { type BackfillSummary, backfillCharges } from "../../ingest/backfill.ts";
import { StripeApi, stripeProblem } from "../../ingest/stripe-charges.ts";
import { configError, exitCodes, unavailable, usageError } from "../cli-errors.ts";
import { openDatabase } from "../payment-sink.ts";
import { progressBar } from "../progress.ts";
import { accountId, action, say } from "./shared.ts";

interface BackfillOptions {
  account?: string;
  since?: number;
  until?: number;
  connect?: boolean;
}

export function registerBackfill(program: Command): void {
  program
    .command("backfill")
    .description(
      "store an account's past charges from the Stripe API (STRIPE_API_KEY), page by page with a checkpoint in Neo4j: a stopped run resumes where it was",
    )
    .option(
      "--account <acct>",
      "the account to store into (and, with --connect, the connected account to read)",
      accountId,
    )
    .option(
      "--since <date>",
      "charges created at or after (2024-01-31, an ISO date-time, or unix seconds)",
      dateOption,
    )
    .option("--until <date>", "charges created before (same forms)", dateOption)
    .option(
      "--connect",
      "read connected accounts (Stripe-Account): the one --account names, else every one of the platform",
    )
    .addHelpText(
      "after",
      "\nNeeds Neo4j directly (NEO4J_URI, or the local server started with `npm run neo4j -- start`): the checkpoint lives there.",
    )
    .action(action(backfill));
}

async function backfill(config: Config, options: BackfillOptions): Promise<number> {
  if (!options.account && !options.connect)
    throw usageError("--account is required (or --connect for every connected account).");
  if (options.since !== undefined && options.until !== undefined && options.since >= options.until) {
    throw usageError("--since must be before --until.");
  }
  if (!config.STRIPE_API_KEY) {
    throw configError(
      "STRIPE_API_KEY is not set: give it a restricted key (rk_…) with read access to charges.",
    );
  }
  const stripe = new StripeApi({ apiKey: config.STRIPE_API_KEY, url: config.STRIPE_API_URL });
  const range = { since: options.since ?? null, until: options.until ?? null };
  const checkpointKey = `charges|${range.since ?? ""}|${range.until ?? ""}`;
  const { db, close } = await openDatabase(config);
  let stopping = false;
  const onInterrupt = () => {
    stopping = true;
    process.stderr.write(
      "\nStopping after this page (the checkpoint is kept; run the same command to resume)…\n",
    );
  };
  process.once("SIGINT", onInterrupt);
  const started = Date.now();
  const summaries: BackfillSummary[] = [];
  try {
    const accounts =
      options.connect && !options.account ? stripe.connectedAccounts() : single(options.account as string);
    for await (const account of accounts) {
      const progress = progressBar({
        unit: "charges",
        total: null,
        format: `${account} | {value} charges | {rate}/s`,
      });
      try {
        summaries.push(
          await backfillCharges({
            db,
            account,
            checkpointKey,
            listCharges: (startingAfter) =>
              stripe.charges(range, startingAfter, options.connect ? account : null),
            onPage: (summary) => progress.update(summary.read),
            shouldStop: () => stopping,
          }),
        );
      } finally {
        progress.stop();
      }
      if (stopping) break;
    }
  } catch (error) {
    const problem = stripeProblem(error);
    if (problem)
      throw unavailable(`${problem} (the checkpoint is kept: run the same command again to resume).`);
    throw error;
  } finally {
    process.off("SIGINT", onInterrupt);
    await close();
  }
  const report = {
    accounts: summaries,
    rate_limited: stripe.rateLimited,
    seconds: Number(((Date.now() - started) / 1000).toFixed(2)),
  };
  if (process.stdout.isTTY) {
    for (const summary of summaries) {
      say(
        `${summary.account}: ${summary.read} charges stored${summary.resumedAfter > 0 ? ` (resumed after ${summary.resumedAfter})` : ""}: ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.refused} refused${summary.finished ? "" : "; stopped, run again to resume"}.`,
      );
    }
  } else {
    say(JSON.stringify(report));
  }
  if (stopping) return exitCodes.interrupted;
  return summaries.some((summary) => summary.refused > 0) ? exitCodes.refused : exitCodes.ok;
}

async function* single(account: string): AsyncGenerator<string> {
  yield account;
}

/** 2024-01-31 (UTC midnight), an ISO 8601 date-time with a zone, or unix seconds. */
function dateOption(value: string): number {
  if (/^\d{9,11}$/.test(value)) return Number(value);
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const time = /(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new InvalidArgumentError(
      "expected a date such as 2024-01-31, a date-time with a zone such as 2024-01-31T12:00:00Z, or unix seconds.",
    );
  }
  return Math.floor(time / 1000);
}
