import type { Database } from "../graph/database.ts";
import { StripeSyncRepository } from "../graph/stripe-sync-repository.ts";
import { receivePayments } from "./receive-payments.ts";

export interface BackfillSummary {
  account: string;
  /** Charges stored by this run. */
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  /** Charges the checkpoint says were stored by earlier runs of this range, when this run resumed. */
  resumedAfter: number;
  finished: boolean;
}

/**
 * A backfill's story: read where the last run of this range stopped, list charges from there (newest
 * first), store them page by page through the normal ingest path, and save the checkpoint after each
 * page, so that a run stopped in any way resumes where it was. A finished range starts over (storing
 * again changes nothing; it picks up what is new).
 */
export async function backfillCharges(options: {
  db: Database;
  account: string;
  /** Names the range, e.g. "charges|1700000000|": one checkpoint per account and range. */
  checkpointKey: string;
  listCharges: (startingAfter: string | null) => AsyncIterable<{ id: string }>;
  pageSize?: number;
  onPage?: (summary: BackfillSummary) => void;
  /** Asked after each stored page: true stops there (the checkpoint is saved). */
  shouldStop?: () => boolean;
}): Promise<BackfillSummary> {
  const repository = new StripeSyncRepository(options.db, options.account);
  const checkpoint = await repository.readCheckpoint(options.checkpointKey);
  const resume = checkpoint && !checkpoint.finished ? checkpoint : null;
  const summary: BackfillSummary = {
    account: options.account,
    read: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    refused: 0,
    resumedAfter: resume?.stored ?? 0,
    finished: false,
  };
  let stored = resume?.stored ?? 0;
  let lastChargeId = resume?.lastChargeId ?? null;
  let page: { id: string }[] = [];
  const flush = async () => {
    for (const item of await receivePayments(options.db, options.account, page)) {
      // A charge deleted here after the copy was made writes nothing: counted as unchanged.
      if (item.ok) summary[item.result === "deleted" ? "unchanged" : item.result]++;
      else summary.refused++;
    }
    summary.read += page.length;
    stored += page.length;
    lastChargeId = (page.at(-1) as { id: string }).id;
    await repository.saveCheckpoint(options.checkpointKey, { lastChargeId, stored, finished: false });
    page = [];
    options.onPage?.(summary);
  };
  for await (const charge of options.listCharges(lastChargeId)) {
    page.push(charge);
    if (page.length >= (options.pageSize ?? 100)) {
      await flush();
      if (options.shouldStop?.()) return summary;
    }
  }
  if (page.length > 0) await flush();
  await repository.saveCheckpoint(options.checkpointKey, { lastChargeId, stored, finished: true });
  summary.finished = true;
  return summary;
}
