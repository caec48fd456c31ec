import type { ReceivedItem } from "../receive-payments.ts";
import type { ImportFormat, ReadItem } from "./read-payments.ts";

/** A payment that was not stored: where it is in the file and why (never the row's content). */
export interface Reject {
  line: number;
  id: string | null;
  param: string;
  reason: string;
}

export interface ImportSummary {
  format: ImportFormat;
  /** Payments read (rows, lines or items), rejected ones included. */
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Stored with a card number masked (the number itself is never kept). */
  masked: number;
  /**
   * Set when the import was asked to stop (SIGTERM): how many of the input's payments were dealt with
   * (skipped ones included); nothing after them was written, and `--skip` with this number resumes.
   */
  stoppedAt: number | null;
}

/** Stores a batch of payments as they come from outside and says what became of each, in order. */
export type SendBatch = (batch: unknown[]) => Promise<ReceivedItem[]>;

/**
 * The import's story: read the file's payments one by one, send them in batches through the normal
 * ingest path, and report each payment that could not be read or was refused, without stopping. Holds
 * one batch at a time, so memory stays flat whatever the file's size; importing the same file again
 * changes nothing (every payment is then unchanged).
 */
export async function importPayments(options: {
  format: ImportFormat;
  items: AsyncIterable<ReadItem>;
  send: SendBatch;
  batchSize: number;
  onReject: (reject: Reject) => void | Promise<void>;
  onBatch?: (summary: ImportSummary) => void;
  /** Payments of the input to pass over (resuming a stopped import). */
  skip?: number;
  /** Asked after each payment: true ends the import once what was read so far is written. */
  shouldStop?: () => boolean;
}): Promise<ImportSummary> {
  const summary: ImportSummary = {
    format: options.format,
    read: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    masked: 0,
    stoppedAt: null,
  };
  let batch: { line: number; payment: unknown }[] = [];
  const reject = async (value: Reject) => {
    summary.rejected++;
    await options.onReject(value);
  };
  const flush = async () => {
    const results = await options.send(batch.map((item) => item.payment));
    // Two copies of one payment in a batch both answer "created": the later one updated it.
    const createdHere = new Set<string>();
    for (const result of results) {
      if (result.ok) {
        if (result.redacted.length > 0) summary.masked++;
        const again = result.result === "created" && createdHere.has(result.id);
        if (result.result === "created") createdHere.add(result.id);
        // A copy of a payment deleted after it was made writes nothing: counted as unchanged.
        summary[again ? "updated" : result.result === "deleted" ? "unchanged" : result.result]++;
        continue;
      }
      const item = batch[result.index] as { line: number; payment: unknown };
      await reject({
        line: item.line,
        id: idOf(item.payment),
        param: result.error.param,
        reason: result.error.message,
      });
    }
    batch = [];
    options.onBatch?.(summary);
  };
  let position = 0;
  for await (const item of options.items) {
    if (position++ < (options.skip ?? 0)) continue;
    summary.read++;
    if ("error" in item) {
      await reject({ line: item.line, id: idOf(item), param: item.error.param, reason: item.error.message });
    } else {
      batch.push(item);
      if (batch.length >= options.batchSize) await flush();
    }
    if (options.shouldStop?.()) {
      summary.stoppedAt = position;
      break;
    }
  }
  if (batch.length > 0) await flush();
  options.onBatch?.(summary);
  return summary;
}

/** The payment's id when it has a plausible one, to help find the row; never any other field. */
function idOf(payment: unknown): string | null {
  const id = (payment as { id?: unknown } | null)?.id;
  return typeof id === "string" && /^[A-Za-z0-9_\-.:]{1,255}$/.test(id) ? id : null;
}
