import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { Command } from "commander";
import type { Config } from "../../config/env.ts";
import { type ImportSummary, importPayments, type Reject } from "../../ingest/import/import-payments.ts";
import { ImportFormatError, readPayments } from "../../ingest/import/read-payments.ts";
import { configError, exitCodes } from "../cli-errors.ts";
import { openPaymentSink } from "../payment-sink.ts";
import { progressBar } from "../progress.ts";
import { accountId, action, say, sinkChoice, wholeNumber, withSinkOptions } from "./shared.ts";

interface ImportOptions {
  account?: string;
  rejects?: string;
  batchSize: number;
  skip: number;
  api?: string;
  direct?: boolean;
}

export function registerImport(program: Command): void {
  withSinkOptions(
    program
      .command("import")
      .description(
        "import payments from a file (or - for standard input): JSON Lines, a JSON array, a Stripe list object, Stripe Dashboard's Payments CSV export, or the canonical CSV; bad rows go to a rejects file and the import goes on",
      )
      .argument("<file>", "the file, or - to read standard input")
      .option("--account <acct>", "merchant account (default: GUESTGRAPH_DEFAULT_ACCOUNT)", accountId)
      .option(
        "--rejects <file>",
        "where rejected rows are listed (default: <file>.rejects.jsonl, or ./import.rejects.jsonl for -)",
      )
      .option("--batch-size <n>", "payments per transaction", wholeNumber(1, 1000), 500)
      .option(
        "--skip <n>",
        "pass over the input's first n payments (to resume an import that was stopped: it prints the number)",
        wholeNumber(0),
        0,
      ),
  ).action(action(importFile));
}

/**
 * SIGTERM or SIGINT during an import: what was read so far is written (the batch being written is one
 * transaction, all or nothing), no further batch starts, and the import says where to resume (`--skip`);
 * it then exits 0 on SIGTERM (a stop that was asked for, done cleanly) or 130 on Ctrl-C. A second signal
 * stops at once.
 */
function stopBetweenBatches(): { readonly signal: NodeJS.Signals | null; release(): void } {
  const state = { signal: null as NodeJS.Signals | null, at: 0 };
  const onSignal = (signal: NodeJS.Signals) => {
    // The same signal twice at once is one stop asked for: Ctrl-C reaches both this process and the parent
    // that passes signals on (guestgraph.ts), and so does a service manager's SIGTERM to the process group.
    if (state.signal === signal && Date.now() - state.at < 1000) return;
    if (state.signal) process.exit(exitCodes.interrupted);
    state.signal = signal;
    state.at = Date.now();
    process.stderr.write(`\n${signal}: stopping once the payments read so far are written...\n`);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  return {
    get signal() {
      return state.signal;
    },
    release() {
      process.off("SIGTERM", onSignal);
      process.off("SIGINT", onSignal);
    },
  };
}

async function importFile(config: Config, file: string, options: ImportOptions): Promise<number> {
  const account = options.account ?? config.GUESTGRAPH_DEFAULT_ACCOUNT;
  const { input, size } = await openInput(file);
  const rejectsFile = options.rejects ?? (file === "-" ? "import.rejects.jsonl" : `${file}.rejects.jsonl`);
  const rejects = new RejectsFile(rejectsFile);
  const reader = await readPayments(input).catch((error: unknown) => {
    throw error instanceof ImportFormatError
      ? configError(`Cannot import ${file}: ${error.message}.`)
      : error;
  });
  const sink = await openPaymentSink(config, sinkChoice(options));
  const started = Date.now();
  const progress = progressBar({
    unit: "payments",
    total: size,
    initial: { payments: 0, rejected: 0 },
    format:
      size === null
        ? "{payments} payments | {rate}/s | {rejected} rejected"
        : "{bar} {percentage}% | {payments} payments | {rate}/s | {rejected} rejected | ETA {eta_formatted}",
  });
  const rate = (count: number) => Math.round(count / Math.max(0.001, (Date.now() - started) / 1000));
  let summary: ImportSummary;
  const stop = stopBetweenBatches();
  try {
    summary = await importPayments({
      skip: options.skip,
      shouldStop: () => stop.signal !== null,
      format: reader.format,
      items: reader.items,
      send: (batch) => sink.send(account, batch),
      batchSize: options.batchSize,
      onReject: (reject) => rejects.write(reject),
      onBatch: (sofar) =>
        progress.update(size === null ? sofar.read : bytesRead(input), {
          payments: sofar.read,
          rate: rate(sofar.read),
          rejected: sofar.rejected,
        }),
    });
  } catch (error) {
    if (error instanceof ImportFormatError) throw configError(`Cannot import ${file}: ${error.message}.`);
    throw error;
  } finally {
    stop.release();
    progress.stop();
    await rejects.close();
    await sink.close();
  }
  const seconds = (Date.now() - started) / 1000;
  const report = {
    file,
    account,
    ...summary,
    rejects_file: summary.rejected > 0 ? rejectsFile : null,
    seconds: Number(seconds.toFixed(2)),
    payments_per_second: rate(summary.read),
    sent_to: sink.description,
  };
  if (process.stdout.isTTY) {
    say(
      `Imported ${file} (${summary.format}) into ${account} in ${seconds.toFixed(1)} s: ${summary.read} read, ${summary.created} created, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected${summary.rejected > 0 ? ` (see ${rejectsFile})` : ""}.`,
    );
  } else {
    say(JSON.stringify(report));
  }
  if (summary.stoppedAt !== null) {
    process.stderr.write(
      `Stopped by ${stop.signal} after the first ${summary.stoppedAt} payments of ${file}; nothing after them was written. Resume with: guestgraph import ${file}${options.account ? ` --account ${account}` : ""} --skip ${summary.stoppedAt}\n`,
    );
    return stop.signal === "SIGINT" ? exitCodes.interrupted : exitCodes.ok;
  }
  return summary.rejected === 0 ? exitCodes.ok : exitCodes.refused;
}

async function openInput(
  file: string,
): Promise<{ input: Readable & { setEncoding(encoding: "utf8"): unknown }; size: number | null }> {
  if (file === "-") {
    process.stdin.setEncoding("utf8");
    return { input: process.stdin, size: null };
  }
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error("not a file");
    size = info.size;
  } catch (error) {
    throw configError(
      `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message} (give a file, or - for standard input).`,
    );
  }
  const input = createReadStream(file, { encoding: "utf8", highWaterMark: 256 * 1024 });
  return { input, size };
}

function bytesRead(input: Readable): number {
  return (input as Readable & { bytesRead?: number }).bytesRead ?? 0;
}

/** JSON Lines of {line, id, param, reason}: where each rejected payment is and why, never its content. Made on the first reject. */
class RejectsFile {
  readonly #path: string;
  #stream: WriteStream | null = null;

  constructor(path: string) {
    this.#path = path;
  }

  async write(reject: Reject): Promise<void> {
    if (!this.#stream) {
      this.#stream = createWriteStream(this.#path, { flags: "w" });
      await new Promise<void>((done, fail) => {
        this.#stream?.once("open", () => done());
        this.#stream?.once("error", (error) =>
          fail(
            configError(
              `Cannot write the rejects file ${this.#path}: ${error.message} (choose another with --rejects).`,
            ),
          ),
        );
      });
    }
    const stream = this.#stream;
    if (!stream.write(`${JSON.stringify(reject)}\n`))
      await new Promise<void>((done) => stream.once("drain", () => done()));
  }

  close(): Promise<void> {
    const stream = this.#stream;
    return stream ? new Promise((done) => stream.end(done)) : Promise.resolve();
  }
}
