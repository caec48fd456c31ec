import { type Command, InvalidArgumentError } from "commander";
import { type Config, ConfigError, loadConfig } from "../../config/env.ts";
import { configureRings } from "../../ingest/maintain-rings.ts";
import { CliError, exitCodes } from "../cli-errors.ts";
import { oneLine, type SinkChoice } from "../payment-sink.ts";

/** What every `guestgraph` command shares: option parsers, the sink options, and one way to end. */

export const say = (line = "") => process.stdout.write(`${line}\n`);

/** Runs a command's work with the configuration and turns what goes wrong into one line and an exit code. */
export function action<Args extends unknown[]>(
  work: (config: Config, ...args: Args) => Promise<number>,
): (...args: Args) => Promise<void> {
  return async (...args: Args) => {
    try {
      const config = loadConfig();
      configureRings({ hubGuests: config.GUESTGRAPH_HUB_GUESTS });
      process.exitCode = await work(config, ...args);
    } catch (error) {
      if (error instanceof ConfigError) fail(error.message, exitCodes.config);
      if (error instanceof CliError) fail(error.message, error.exitCode);
      fail(`Unexpected error: ${oneLine(error)}`, exitCodes.internal);
    }
  };
}

export function fail(message: string, code: number): never {
  process.stderr.write(`guestgraph: ${message}\n`);
  process.exit(code);
}

export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min || number > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}.`);
    }
    return number;
  };
}

export function accountId(value: string): string {
  if (!/^acct_[A-Za-z0-9]{1,250}$/.test(value)) {
    throw new InvalidArgumentError("expected a Stripe account id such as acct_1Nv0FGQ9RKHgCVdK.");
  }
  return value;
}

/** --api / --direct: where payments go (see payment-sink.ts). */
export function withSinkOptions(command: Command): Command {
  return command
    .option(
      "--api <url>",
      "send through a running GuestGraph API (POST /v1/payments, key from GUESTGRAPH_API_KEY or .data/api-key)",
    )
    .option("--direct", "write to Neo4j directly even when an API answers at HOST:PORT");
}

export function sinkChoice(options: { api?: string; direct?: boolean }): SinkChoice {
  if (options.api && options.direct)
    throw new CliError("--api and --direct exclude each other: give one.", exitCodes.usage);
  if (options.api) {
    try {
      new URL(options.api);
    } catch {
      throw new CliError(
        `--api: expected a URL such as http://127.0.0.1:3000, got '${options.api}'.`,
        exitCodes.usage,
      );
    }
    return { api: options.api };
  }
  return { api: options.direct ? null : "auto" };
}
